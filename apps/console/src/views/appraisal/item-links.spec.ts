import { itemReferences } from './item-links';

type Item = Parameters<typeof itemReferences>[0];

describe('what a deduction item of a unit’s appraisal links to', () => {
  const events = [{ eventId: 'e1', streamId: 's1', streamVersion: 1 }];
  const onCase = {
    source: 'accountability',
    accountabilityId: 'a1',
    caseId: 'case-0001-aaaa',
    forms: ['talk'],
    points: 1,
    events,
  } satisfies Item;
  const onFinding = {
    kind: 'lapse' as const,
    count: 1,
    source: 'inspection' as const,
    deductionId: 'd1',
    reason: '台账不全',
    occurredOn: '2026-03-02',
    points: 1,
    findingId: 'finding-0001-bbbb',
    events,
  } satisfies Item;
  const targets = (role: Parameters<typeof itemReferences>[1]) =>
    [...itemReferences(onCase, role), ...itemReferences(onFinding, role)].map((r) => r.to);

  it('a leader opens neither the case nor the finding (the API refuses both): the ids stay as text', () => {
    expect(targets('dashboard')).toEqual([null, null]);
    expect(itemReferences(onCase, 'dashboard')[0]!.label).toMatch(/^案件 /);
  });

  it('the admin opens the case, not the finding; the offices both', () => {
    expect(targets('admin')).toEqual(['/cases/case-0001-aaaa', null]);
    expect(targets('discipline')).toEqual(['/cases/case-0001-aaaa', '/ledger/findings/finding-0001-bbbb']);
  });

  it('a decision on a case the unit was never notified of names the decision, not the case', () => {
    const withheld = { ...onCase, accountabilityId: 'acc-0001-cccc', caseId: null, events: [] } satisfies Item;
    expect(itemReferences(withheld, 'unit')).toEqual([{ label: '问责 acc-0001', to: null, testid: 'accountability-ref' }]);
  });
});
