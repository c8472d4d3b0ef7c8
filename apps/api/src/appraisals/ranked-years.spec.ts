import { randomUUID } from 'node:crypto';
import { appraisalSchemeInForce, caseStreamId } from '@app/domain';
import { appraisalProjection } from '@app/projections/appraisal/appraisal.projection';
import { AppraisalReader } from '@app/projections/appraisal/appraisal.reader';
import * as ev from '../../../../test/support/case-events';
import { useProjectionTest } from '../../../../test/support/projection-kit';
import { AFTER_LATE, BEFORE_LATE, seedMarketYear, STILL_BEFORE } from './appraisal-year.fixtures';
import { rankYear, RANKED_YEARS_HELD, RankedYears } from './ranked-years';

/**
 * The ranked year is memoised by what it is a function of; whatever is held, each answer must be
 * what computing afresh at that instant gives — after an event is projected, and once the clock
 * passes the instant an open handling deadline becomes late (the end of its due day in Beijing).
 */
describe('the ranked year, held while nothing it depends on changes', () => {
  const db = useProjectionTest(appraisalProjection);
  const reader = () => new AppraisalReader(db.pool);
  const afresh = async (asOf: string) => rankYear(await reader().yearTallies(2026, new Date(asOf)));
  const market = (ranked: Awaited<ReturnType<typeof afresh>>) => ranked.rows.find((r) => r.unitId === 'dept-market')!;

  beforeEach(() => seedMarketYear(db));

  it('is computed once and shared until the clock passes a late_from, then equals the fresh computation again', async () => {
    const years = new RankedYears(reader());
    const before = await years.at(2026, new Date(BEFORE_LATE));
    expect(before).toEqual(await afresh(BEFORE_LATE));
    expect(market(before)).toMatchObject({ score: 85, deductedPoints: 0 });
    // Same read model, no deadline passed in between: the same answer, not computed again.
    expect(await years.at(2026, new Date(STILL_BEFORE))).toBe(before);

    const after = await years.at(2026, new Date(AFTER_LATE));
    expect(after).toEqual(await afresh(AFTER_LATE));
    expect(market(after)).toMatchObject({ score: 84.5, deductedPoints: 0.5 });
    // Asked again for an instant before the deadline, the case is not late yet.
    expect(market(await years.at(2026, new Date(STILL_BEFORE)))).toMatchObject({ deductedPoints: 0 });
  });

  it('changes when an event is projected, at the same instant', async () => {
    const years = new RankedYears(reader());
    const held = await years.at(2026, new Date(AFTER_LATE));
    expect(await years.at(2026, new Date(AFTER_LATE))).toBe(held);

    const id = randomUUID();
    await db.append(
      caseStreamId(id),
      ...ev.filedWithLead(id, 'dept-market'),
      ev.accountabilityIssued({
        accountabilityId: 'A-1',
        target: { kind: 'organisation', unitId: 'dept-market' },
        forms: ['circulated_notice'],
        basis: { facts: '推诿扯皮', rule: '首问负责制' },
      }),
    );
    await db.project();
    const changed = await years.at(2026, new Date(AFTER_LATE));
    expect(changed).toEqual(await afresh(AFTER_LATE));
    // Two cases overdue (0.5 each) and one accountability (1).
    expect(market(changed)).toMatchObject({ deductedPoints: 2, score: 83 });
  });

  it('holds a few years at most', async () => {
    const years = new RankedYears(reader());
    for (let year = 2020; year <= 2027; year++) await years.at(year, new Date(AFTER_LATE));
    expect(years.size).toBe(RANKED_YEARS_HELD);
  });
});

describe('the ranked year, when the read model moves while it is read', () => {
  it('is answered but not kept: its tallies may be of a later version than the one it was asked at', async () => {
    let read = 0;
    const reader = {
      // The first read says v1; by the end of the tallies' read (and ever after) it is v2.
      yearVersion: jest.fn(async () => ({ version: read++ === 0 ? 'v1' : 'v2', changesAt: null })),
      yearTallies: jest.fn(async () => ({ inForce: appraisalSchemeInForce(2026, null), units: [] })),
    };
    const years = new RankedYears(reader as unknown as AppraisalReader);
    await years.at(2026, new Date());
    // v1 before the tallies, v2 after: not held under v1, so v2 is computed afresh (and then held).
    await years.at(2026, new Date());
    await years.at(2026, new Date());
    expect(reader.yearTallies).toHaveBeenCalledTimes(2);
  });
});
