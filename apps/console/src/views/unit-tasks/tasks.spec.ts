import { MEASURE_STATUS_NAMES as LEDGER_STATUS_NAMES, type MeasureStatus } from '../ledger/labels';
import { MEASURE_STATUS_NAMES, measureLink, OWED_STATUSES, owedMeasures, splitDeadlines, timeLeftText, type DeadlineRow } from './tasks';

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

  const MARKET = 'dept-market';
  const HOUSING = 'dept-housing';
  /** The market bureau, active on case c1 (its lead) and c2 (co-handling), not on c3. */
  const market = { unitId: MARKET, activeCaseIds: new Set(['c1', 'c2']) };
  const caseMeasure = (caseId: string, measureId: string, status: string, responsibleUnitId: string, leadUnitId: string) => ({
    holderKind: 'case' as const,
    caseId,
    findingId: null,
    measureId,
    status,
    responsibleUnitId,
    leadUnitId,
  });
  const findingMeasure = (findingId: string, measureId: string, status: string, responsibleUnitId: string, leadUnitId = MARKET) => ({
    holderKind: 'finding' as const,
    caseId: null,
    findingId,
    measureId,
    status,
    responsibleUnitId,
    leadUnitId,
  });

  it('keeps the measures still owed, with the card of their due date when one is listed', () => {
    const measures = [
      caseMeasure('c1', 'M1', 'planned', MARKET, MARKET),
      caseMeasure('c1', 'M2', 'verified', MARKET, MARKET),
      findingMeasure('f1', 'M1', 'rejected', MARKET),
    ];
    const cards = [
      { holderKind: 'case' as const, caseId: 'c1', findingId: null, measureId: 'M1', kind: 'measure_due', card: 'red' },
      { holderKind: 'finding' as const, caseId: null, findingId: 'f1', measureId: 'M1', kind: 'recheck', card: 'yellow' },
    ];
    const owed = owedMeasures(measures, cards, market);
    expect(owed.map((m) => [m.measureId, m.standing?.card ?? null])).toEqual([
      ['M1', 'red'],
      ['M1', null],
    ]);
    expect(owed.map(measureLink)).toEqual(['/cases/c1', '/ledger/findings/f1']);
  });

  it('owes every status the unit still reports on, and none it has reported or that was accepted', () => {
    const statuses = ['planned', 'in_progress', 'overdue', 'reported', 'verified', 'rejected', 'rechecked', 'reopened'];
    const owed = owedMeasures(
      statuses.map((status, i) => findingMeasure('f1', `M${i + 1}`, status, MARKET)),
      [],
      market,
    );
    expect(owed.map((m) => m.status)).toEqual(['planned', 'in_progress', 'overdue', 'rejected', 'reopened']);
  });

  it("a finding's measure is owed by its responsible unit only: not by the unit the finding is against when another unit holds it", () => {
    // The market bureau's finding: M1 its own, M2 the housing-fund centre's (the API lists both to the market).
    const measures = [findingMeasure('f1', 'M1', 'planned', MARKET), findingMeasure('f1', 'M2', 'planned', HOUSING)];
    expect(owedMeasures(measures, [], market).map((m) => m.measureId)).toEqual(['M1']);
    expect(owedMeasures(measures, [], { unitId: HOUSING, activeCaseIds: new Set() }).map((m) => m.measureId)).toEqual(['M2']);
  });

  it("a case's measure is owed by the lead (it reports any of them) and by a responsible unit active on the case, not by one off the case", () => {
    const measures = [
      caseMeasure('c1', 'M1', 'planned', MARKET, MARKET), // the market leads and holds it
      caseMeasure('c1', 'M2', 'planned', HOUSING, MARKET), // the market leads; housing holds it
      caseMeasure('c2', 'M1', 'rejected', MARKET, HOUSING), // housing leads; the market, co-handling, holds it
      caseMeasure('c3', 'M1', 'planned', MARKET, HOUSING), // housing leads; the market holds it but is not on the case
      caseMeasure('c4', 'M1', 'planned', HOUSING, HOUSING), // not the market's at all
    ];
    expect(owedMeasures(measures, [], market).map((m) => `${m.caseId}:${m.measureId}`)).toEqual(['c1:M1', 'c1:M2', 'c2:M1']);
    // A unit no longer on the case (transferred away, disputed) owes none of its measures, even as their lead.
    expect(owedMeasures(measures, [], { unitId: MARKET, activeCaseIds: new Set() })).toEqual([]);
    // A unit user without a unit owes nothing.
    expect(owedMeasures(measures, [], { unitId: null, activeCaseIds: new Set(['c1', 'c2', 'c3', 'c4']) })).toEqual([]);
  });

  it('names the statuses as the ledger and the finding page do', () => {
    for (const status of OWED_STATUSES) expect(MEASURE_STATUS_NAMES[status]).toBe(LEDGER_STATUS_NAMES[status as MeasureStatus]);
    expect(MEASURE_STATUS_NAMES.planned).toBe('待整改');
  });
});
