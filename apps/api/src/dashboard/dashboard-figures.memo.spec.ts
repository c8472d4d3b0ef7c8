import { randomUUID } from 'node:crypto';
import { caseStreamId } from '@app/domain';
import type { DashboardScope } from '@app/projections/dashboard/dashboard-figures';
import { dashboardProjection } from '@app/projections/dashboard/dashboard.projection';
import { DashboardReader } from '@app/projections/dashboard/dashboard.reader';
import * as ev from '../../../../test/support/case-events';
import { useProjectionTest } from '../../../../test/support/projection-kit';
import { DASHBOARD_FIGURES_HELD, DashboardFiguresMemo } from './dashboard-figures.memo';

/**
 * The dashboard's figures are memoised by what they are a function of; whatever is held, each
 * answer must be what summing afresh at that instant gives — after an event is projected, and once
 * the clock passes the instant a pending counter is reached (an open handling deadline's end).
 */
describe('the dashboard figures, held while nothing they depend on changes', () => {
  const db = useProjectionTest(dashboardProjection);
  const reader = () => new DashboardReader(db.pool);
  const SCOPE: DashboardScope = { from: '2026-09-01', to: '2026-09-30', unitId: null, category: null, channel: null };
  const afresh = async (asOf: string) => reader().figures(SCOPE, null, new Date(asOf));

  // The case below is due 15 Oct (Beijing): open, it is late from 2026-10-15T16:00:00Z.
  const BEFORE_LATE = '2026-10-15T12:00:00Z';
  const STILL_BEFORE = '2026-10-15T15:59:59Z';
  const AFTER_LATE = '2026-10-16T00:00:00Z';

  beforeEach(async () => {
    const id = randomUUID();
    await db.append(caseStreamId(id), ...ev.filedWithLead(id, 'dept-market'));
    await db.project();
  });

  it('is summed once and shared until the clock passes a pending instant, then equals the fresh sum again', async () => {
    const memo = new DashboardFiguresMemo(reader());
    const before = await memo.figures(SCOPE, null, new Date(BEFORE_LATE));
    expect(before).toEqual(await afresh(BEFORE_LATE));
    expect(await memo.figures(SCOPE, null, new Date(STILL_BEFORE))).toBe(before);

    const after = await memo.figures(SCOPE, null, new Date(AFTER_LATE));
    expect(after).toEqual(await afresh(AFTER_LATE));
    expect(after).not.toEqual(before);
    expect(await memo.figures(SCOPE, null, new Date(STILL_BEFORE))).toEqual(before);
  });

  it('changes when an event is projected, at the same instant', async () => {
    const memo = new DashboardFiguresMemo(reader());
    const held = await memo.figures(SCOPE, null, new Date(AFTER_LATE));
    expect(await memo.figures(SCOPE, null, new Date(AFTER_LATE))).toBe(held);

    const id = randomUUID();
    await db.append(caseStreamId(id), ...ev.filedWithLead(id, 'dept-market'));
    await db.project();
    const changed = await memo.figures(SCOPE, null, new Date(AFTER_LATE));
    expect(changed).toEqual(await afresh(AFTER_LATE));
    expect(changed).not.toEqual(held);
  });

  it('holds one answer per scope and interval, a bounded number of them', async () => {
    const memo = new DashboardFiguresMemo(reader());
    const month = await memo.figures(SCOPE, 'month', new Date(AFTER_LATE));
    expect(month).toEqual(await reader().figures(SCOPE, 'month', new Date(AFTER_LATE)));
    expect(await memo.figures({ ...SCOPE, unitId: 'dept-market' }, null, new Date(AFTER_LATE))).toEqual(
      await reader().figures({ ...SCOPE, unitId: 'dept-market' }, null, new Date(AFTER_LATE)),
    );
    for (let day = 1; day <= DASHBOARD_FIGURES_HELD + 2; day++)
      await memo.figures({ ...SCOPE, to: `2026-10-${String((day % 31) + 1).padStart(2, '0')}` }, 'day', new Date(AFTER_LATE));
    expect(memo.size).toBeLessThanOrEqual(DASHBOARD_FIGURES_HELD);
  });
});
