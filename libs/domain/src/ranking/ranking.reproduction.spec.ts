import { RankingErrors } from './ranking.decider';
import { rankRows, type RankingBasis } from './ranking.model';
import { reproductionOf, unreproducibleScheme } from './ranking.reproduction';

const RANK_BY = ['onTimeCompletionRate', 'satisfactionRate'];
const recorded = rankRows(
  [
    { unitId: 'dept-tax', name: '区税务局', figures: { onTimeCompletionRate: 0.95, satisfactionRate: 0.9, received: 20 } },
    { unitId: 'dept-market', name: '区市场监管局', figures: { onTimeCompletionRate: 0.8, satisfactionRate: 1, received: 10 } },
  ],
  RANK_BY,
);
const BASIS: RankingBasis = {
  position: '1200',
  readModels: { dashboard: '1200', rectifications: '1210' },
  schemeVersion: 'dashboard@v3 rectifications@v2',
  computedAt: '2026-12-01T01:00:00.000Z',
};

describe('a published ranking reproduced from the log', () => {
  it('is identical when every rank and figure computed again is the one recorded, whatever order the figures come in', () => {
    const again = recorded.map((row) => ({ ...row, figures: Object.fromEntries(Object.entries(row.figures).reverse()) }));
    expect(reproductionOf(recorded, again)).toEqual({ identical: true, differences: [] });
  });

  it('names each rank and figure the log does not bear out: as recorded before, as computed again after', () => {
    const again = rankRows(
      [
        { unitId: 'dept-tax', name: '区税务局', figures: { onTimeCompletionRate: 0.7, satisfactionRate: 0.9, received: 20 } },
        { unitId: 'dept-market', name: '区市场监管局', figures: { onTimeCompletionRate: 0.8, satisfactionRate: 1, received: 10 } },
      ],
      RANK_BY,
    );
    expect(reproductionOf(recorded, again)).toEqual({
      identical: false,
      differences: [
        { unitId: 'dept-market', field: 'rank', before: 2, after: 1 },
        { unitId: 'dept-tax', field: 'rank', before: 1, after: 2 },
        { unitId: 'dept-tax', field: 'onTimeCompletionRate', before: 0.95, after: 0.7 },
      ],
    });
  });

  it('names a unit recorded but not found again in the log, and one found that was not recorded', () => {
    const again = [{ ...recorded[0] }, { unitId: 'dept-housing', name: '区住建局', rank: 2, figures: { onTimeCompletionRate: 0.5 } }];
    const { identical, differences } = reproductionOf(recorded, again);
    expect(identical).toBe(false);
    expect(differences).toContainEqual({ unitId: 'dept-market', field: 'rank', before: 2, after: null });
    expect(differences).toContainEqual({ unitId: 'dept-housing', field: 'rank', before: null, after: 2 });
  });

  it('is refused when the running code defines the figures otherwise than the ranking records, naming both', () => {
    expect(unreproducibleScheme(BASIS, 'dashboard@v3 rectifications@v2')).toBeNull();
    const refused = unreproducibleScheme(BASIS, 'dashboard@v4 rectifications@v2');
    expect(refused).toMatchObject({
      code: RankingErrors.RANKING_SCHEME_CHANGED,
      details: { recorded: 'dashboard@v3 rectifications@v2', running: 'dashboard@v4 rectifications@v2' },
    });
  });
});
