import type { UnitKind } from '../../unit/unit.model';
import { rankWithinKind } from './appraisal-ranking';

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
