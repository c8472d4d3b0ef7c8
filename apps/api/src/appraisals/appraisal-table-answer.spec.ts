import { ManualClock } from '@app/platform';
import type { ProjectionPositions } from '../common/projection-positions';
import { GetAppraisalTableHandler, GetAppraisalTableQuery } from './appraisal.queries';
import type { AppraisalRow, RankedYear, RankedYears } from './ranked-years';

function row(unitId: string, kind: AppraisalRow['kind'], score: number): AppraisalRow {
  return {
    unitId,
    name: `${unitId} “名称”`,
    kind,
    status: 'complete',
    missing: [],
    weightedPoints: score,
    deductedPoints: 0,
    score,
    grade: '良好',
    rank: 1,
    belowThreshold: false,
    consequence: null,
  };
}

/** A ranked year as RankedYears hands it out: one object per version of the year. */
function rankedYear(rows: AppraisalRow[]): RankedYear {
  return { scheme: { version: 'default', revision: null }, rows, inForce: {} as RankedYear['inForce'], units: new Map() };
}

describe('GetAppraisalTableHandler', () => {
  let current: RankedYear;
  const years = { at: async () => current } as unknown as RankedYears;
  const positions = { waitFor: async () => undefined } as unknown as ProjectionPositions;
  const handler = new GetAppraisalTableHandler(years, positions, new ManualClock('2026-03-01T00:00:00Z'));
  const ask = (kind?: 'department' | 'town') => handler.execute(new GetAppraisalTableQuery(2025, { kind }));

  it('answers every request of a version with one table, serialised exactly as JSON.stringify would', async () => {
    current = rankedYear([row('dept-market', 'department', 90), row('town-a', 'town', 80)]);
    const first = await ask();
    const second = await ask();
    expect(second).toBe(first);
    expect(first.table).toEqual({ year: 2025, scheme: { version: 'default', revision: null }, units: current.rows });
    expect(first.json).toBe(JSON.stringify(first.table));
    expect(second.json).toBe(first.json);
    expect(first.body.equals(Buffer.from(JSON.stringify(first.table), 'utf8'))).toBe(true);
    expect(second.body).toBe(first.body);
  });

  it('keeps a table per kind, with that kind’s rows only', async () => {
    current = rankedYear([row('dept-market', 'department', 90), row('town-a', 'town', 80)]);
    const towns = await ask('town');
    expect(towns.table.units.map((u) => u.unitId)).toEqual(['town-a']);
    expect(await ask('town')).toBe(towns);
    expect((await ask()).table.units).toHaveLength(2);
  });

  it('answers a new version of the year with its own figures, never the table of the one before', async () => {
    current = rankedYear([row('dept-market', 'department', 90)]);
    const before = await ask();
    expect(JSON.parse(before.json).units[0].score).toBe(90);
    current = rankedYear([row('dept-market', 'department', 72.5)]);
    const after = await ask();
    expect(after).not.toBe(before);
    expect(JSON.parse(after.json).units[0].score).toBe(72.5);
  });
});
