import type { UnitKind } from '../../unit/unit.model';
import { rankWithinKind } from './appraisal-ranking';
import { inputStream } from './appraisal-scheme.fixtures';
import { CASE_INDICATORS } from './appraisal-scheme.model';
import { appraisalSchemeInForce } from './appraisal-scheme.publication';
import { outlineUnitAppraisal, type UnitCaseTallies } from './unit-appraisal';

const unit = (unitId: string, unitKind: UnitKind, score: number | null) => ({ unitId, unitKind, score });

describe('ranking units within their kind', () => {
  it('ranks by score, highest first; equal scores share a rank and the next rank skips (1, 2, 2, 4)', () => {
    const ranked = rankWithinKind([
      unit('d-a', 'department', 80),
      unit('d-b', 'department', 91.5),
      unit('d-c', 'department', 86.95),
      unit('d-d', 'department', 86.95),
    ]);
    expect(ranked.map((r) => [r.unitId, r.rank])).toEqual([
      ['d-b', 1],
      ['d-c', 2],
      ['d-d', 2],
      ['d-a', 4],
    ]);
  });

  it('departments, towns and windows are ranked separately', () => {
    const ranked = rankWithinKind([
      unit('w-1', 'window', 70),
      unit('d-1', 'department', 60),
      unit('t-1', 'town', 99),
      unit('w-2', 'window', 88),
    ]);
    expect(ranked.map((r) => [r.unitId, r.rank])).toEqual([
      ['d-1', 1],
      ['t-1', 1],
      ['w-2', 1],
      ['w-1', 2],
    ]);
  });

  it('an incomplete unit has no rank and does not push others down; it is listed after the ranked ones', () => {
    const ranked = rankWithinKind([unit('d-x', 'department', null), unit('d-a', 'department', 75), unit('d-b', 'department', 75)]);
    expect(ranked.map((r) => [r.unitId, r.rank])).toEqual([
      ['d-a', 1],
      ['d-b', 1],
      ['d-x', null],
    ]);
  });

  it('scores differing by a hundredth are not tied', () => {
    const ranked = rankWithinKind([unit('a', 'window', 88.07), unit('b', 'window', 88.08)]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2]);
  });
});

describe('ranking a year in which one unit’s deductions exceed its points', () => {
  const noCases: UnitCaseTallies = {
    indicators: Object.fromEntries(CASE_INDICATORS.map((i) => [i, { numerator: 0, denominator: 0 }])) as UnitCaseTallies['indicators'],
    overdueCases: 0,
    accountability: 0,
  };
  const inForce = appraisalSchemeInForce(2026, null);
  const appraise = (unitId: string, inputs: ReturnType<typeof inputStream>) =>
    outlineUnitAppraisal({ unitId, unitKind: 'department', year: 2026, inputs: inputs.records }, noCases, inForce);

  it('scores it 0 and ranks it last of its kind, below every unit that kept points', () => {
    // Given three departments surveyed and evaluated, one of them with 100 000 lapses on record
    // (a deduction recorded before counts were bounded) and another with a single conduct finding
    const year = [
      appraise('dept-a', inputStream('dept-a').survey(88).evaluation(90)),
      appraise('dept-scjgj', inputStream('dept-scjgj').survey(95).evaluation(96).lapse('DC-2026-QA5', 100_000).lapse('DC-2026-2', 3)),
      appraise('dept-b', inputStream('dept-b').survey(70).evaluation(72).conduct('DC-2026-3', 1, 0.5)),
    ];
    // When the year is ranked
    const ranked = rankWithinKind(year);
    // Then the unit whose deductions took its whole score is last, after the weakest unit that kept points
    expect(ranked.map((r) => [r.unitId, r.score, r.deductedPoints, r.rank])).toEqual([
      ['dept-a', 89, 0, 1],
      ['dept-b', 70.5, 0.5, 2],
      ['dept-scjgj', 0, 10000.3, 3],
    ]);
  });

  it('alone among its kind with a score (the others not yet surveyed or evaluated), it is ranked 1 even at 0', () => {
    // Given one department fully recorded, with the deduction, and two with only their survey
    const year = [
      appraise('dept-a', inputStream('dept-a').survey(88)),
      appraise('dept-scjgj', inputStream('dept-scjgj').survey(95).evaluation(96).lapse('DC-2026-QA5', 100_000)),
      appraise('dept-b', inputStream('dept-b').evaluation(72)),
    ];
    // When the year is ranked
    const ranked = rankWithinKind(year);
    // Then it is the only one ranked, and the incomplete ones follow unranked
    expect(ranked.map((r) => [r.unitId, r.status, r.score, r.rank])).toEqual([
      ['dept-scjgj', 'complete', 0, 1],
      ['dept-a', 'incomplete', null, null],
      ['dept-b', 'incomplete', null, null],
    ]);
  });
});
