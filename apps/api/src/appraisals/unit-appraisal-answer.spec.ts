import { UnitAppraisalAnswer, type UnitAppraisalView } from './appraisal.queries';

describe('UnitAppraisalAnswer', () => {
  it('writes exactly the JSON of its view in UTF-8: the head encoded once, the cases appended as the last member', () => {
    const head = {
      unitId: 'dept-market',
      name: '市场监管局 "总局"',
      rank: null,
      missing: [],
      deductions: [{ deduction: 'accountability', items: [{ forms: ['circulated_notice'], note: undefined }] }],
      scheme: { version: 'default', revision: null },
    };
    const cases = { items: [{ caseId: 'c-1', indicators: [], overdue: null }], nextCursor: 'eyJ9' };
    const view = { ...head, cases } as unknown as UnitAppraisalView;
    const answer = new UnitAppraisalAnswer(view, Buffer.from(JSON.stringify(head).slice(0, -1)));
    expect(Buffer.concat(answer.body).equals(Buffer.from(JSON.stringify(view), 'utf8'))).toBe(true);
  });
});
