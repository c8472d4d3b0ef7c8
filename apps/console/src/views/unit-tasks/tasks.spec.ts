import { measureLink, owedMeasures, splitDeadlines, timeLeftText, type DeadlineRow } from './tasks';

const row = (caseId: string, kind: DeadlineRow['kind'], card: DeadlineRow['card'] = 'green'): DeadlineRow => ({
  caseId,
  kind,
  card,
  workingDaysOverdue: 0,
  workingDaysLeft: 5,
});

describe('单位待办 helpers', () => {
  it('a case not yet signed for is to sign for only; a signed one is to handle', () => {
    const rows = [row('a', 'sign_for', 'yellow'), row('b', 'handling'), row('a', 'handling')];
    const { signFor, handling } = splitDeadlines(rows);
    expect(signFor.map((r) => r.caseId)).toEqual(['a']);
    expect(handling.map((r) => r.caseId)).toEqual(['b']);
  });

  it('says where a deadline stands in working days', () => {
    expect(timeLeftText({ card: 'red', workingDaysOverdue: 3, workingDaysLeft: 0 })).toBe('超期 3 个工作日');
    expect(timeLeftText({ card: 'red', workingDaysOverdue: 0, workingDaysLeft: 0 })).toBe('已过期（未满一个工作日）');
    expect(timeLeftText({ card: 'yellow', workingDaysOverdue: 0, workingDaysLeft: 0 })).toBe('今日到期');
    expect(timeLeftText({ card: 'green', workingDaysOverdue: 0, workingDaysLeft: 12 })).toBe('剩余 12 个工作日');
  });

  it('keeps the measures still owed, with the card of their due date when one is listed', () => {
    const measures = [
      { holderKind: 'case' as const, caseId: 'c1', findingId: null, measureId: 'M1', status: 'planned' },
      { holderKind: 'case' as const, caseId: 'c1', findingId: null, measureId: 'M2', status: 'verified' },
      { holderKind: 'finding' as const, caseId: null, findingId: 'f1', measureId: 'M1', status: 'rejected' },
    ];
    const cards = [
      { holderKind: 'case' as const, caseId: 'c1', findingId: null, measureId: 'M1', kind: 'measure_due', card: 'red' },
      { holderKind: 'finding' as const, caseId: null, findingId: 'f1', measureId: 'M1', kind: 'recheck', card: 'yellow' },
    ];
    const owed = owedMeasures(measures, cards);
    expect(owed.map((m) => [m.measureId, m.standing?.card ?? null])).toEqual([
      ['M1', 'red'],
      ['M1', null],
    ]);
    expect(owed.map(measureLink)).toEqual(['/cases/c1', '/ledger/findings/f1']);
  });
});
