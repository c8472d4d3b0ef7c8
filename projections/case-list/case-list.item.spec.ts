import { itemJson, itemJsonHead, type CaseListItemColumns } from './case-list.item';

const row: CaseListItemColumns = {
  case_id: '0b7c1c9e-5a61-4b59-9d43-3f1f3c2a8e01',
  version: 7,
  status: 'in_progress',
  channel: 'hotline',
  category: 'cumbersome_approval',
  urgency: 'normal',
  title: '营业执照变更 "反复" 补材料\n第二行',
  complained_unit_id: 'dept-market',
  lead_unit_id: 'dept-market',
  unit_ids: ['dept-market', 'dept-tax'],
  // As to_json writes an instant in a session at +08:00, to the microsecond.
  received_at: '2026-03-02T09:15:00.123456+08:00',
  sign_for_due: '2026-03-03',
  handling_due: '2026-03-16',
  extended: false,
  round: 1,
  closed_at: null,
};

describe('a case list item as its row stores it', () => {
  it('is the item a page shows once the query adds overdue, instants in UTC to the millisecond', () => {
    expect(JSON.parse(itemJson(itemJsonHead(row), true))).toEqual({
      id: row.case_id,
      version: 7,
      status: 'in_progress',
      channel: 'hotline',
      category: 'cumbersome_approval',
      urgency: 'normal',
      title: '营业执照变更 "反复" 补材料\n第二行',
      complainedUnitId: 'dept-market',
      leadUnitId: 'dept-market',
      unitIds: ['dept-market', 'dept-tax'],
      receivedAt: '2026-03-02T01:15:00.123Z',
      signForDue: '2026-03-03',
      handlingDue: '2026-03-16',
      extended: false,
      round: 1,
      closedAt: null,
      overdue: true,
    });
  });

  it('takes overdue as judged at the query, false as well as true', () => {
    const head = itemJsonHead({ ...row, status: 'closed', closed_at: '2026-03-10T08:00:00Z' });
    expect(JSON.parse(itemJson(head, false))).toMatchObject({ status: 'closed', closedAt: '2026-03-10T08:00:00.000Z', overdue: false });
  });

  it('carries a case not yet dispatched: no lead, no units, no due days', () => {
    const filed = { ...row, status: 'filed', lead_unit_id: null, unit_ids: [], sign_for_due: null, handling_due: null };
    expect(JSON.parse(itemJson(itemJsonHead(filed), false))).toMatchObject({
      leadUnitId: null,
      unitIds: [],
      signForDue: null,
      handlingDue: null,
    });
  });
});
