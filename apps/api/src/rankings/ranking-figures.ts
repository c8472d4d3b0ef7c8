import type { Pool } from 'pg';
import { rankRows, type RankingBasis, type RankingFigures, type RankingPeriod, type RankingRow } from '@app/domain';
import { appraisalProjection } from '@app/projections/appraisal/appraisal.projection';
import { AppraisalReader } from '@app/projections/appraisal/appraisal.reader';
import { dashboardProjection } from '@app/projections/dashboard/dashboard.projection';
import { DashboardReader } from '@app/projections/dashboard/dashboard.reader';
import { readCheckpoint } from '@app/projections/runner/checkpoint';

/** What a ranking is computed from: the dashboard's figures, the appraisal read model's list of units. */
export const RANKING_READ_MODELS = [dashboardProjection, appraisalProjection] as const;

/** The rates a league table may rank by: those where higher is better. */
export const RANK_BY_FIGURES = ['onTimeCompletionRate', 'completionRate', 'satisfactionRate', 'responseRate'] as const;
export type RankByFigure = (typeof RANK_BY_FIGURES)[number];
/** By default: on time first, then done at all, then satisfied, then signed for in time. */
export const DEFAULT_RANK_BY: readonly RankByFigure[] = RANK_BY_FIGURES;

/**
 * The league table of the active units of one kind over a period, as the dashboard read model has
 * it — every unit's figures and the checkpoint read in one REPEATABLE READ snapshot, so the rows are
 * exactly those of the log up to the position recorded with them (RankingBasis), judged at `asOf`.
 */
export async function computeRanking(
  pool: Pool,
  period: RankingPeriod,
  unitKind: string,
  rankBy: readonly string[],
  asOf: Date,
): Promise<{ basis: RankingBasis; rows: RankingRow[] }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const checkpoint = await readCheckpoint(client, dashboardProjection.name);
    const units = (await new AppraisalReader(client).units()).filter((u) => u.kind === unitKind && u.status === 'active');
    const dashboard = new DashboardReader(client);
    const rows: Array<Omit<RankingRow, 'rank'>> = [];
    for (const unit of units) {
      const [bucket] = await dashboard.figures(
        { from: period.from, to: period.to, unitId: unit.unitId, category: null, channel: null },
        null,
        asOf,
      );
      rows.push({ unitId: unit.unitId, name: unit.name, figures: rankingFigures(bucket.figures) });
    }
    await client.query('COMMIT');
    const basis: RankingBasis = {
      position: checkpoint?.position?.toString() ?? '0',
      schemeVersion: `${dashboardProjection.name}@v${dashboardProjection.version}`,
      computedAt: asOf.toISOString(),
    };
    return { basis, rows: rankRows(rows, rankBy) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

type DashboardFigures = Awaited<ReturnType<DashboardReader['figures']>>[number]['figures'];

/** What a row shows: the five rates' values, and the counts behind them (README of projections/dashboard). */
function rankingFigures(f: DashboardFigures): RankingFigures {
  return {
    responseRate: f.responseRate.value,
    onTimeCompletionRate: f.onTimeCompletionRate.value,
    completionRate: f.completionRate.value,
    satisfactionRate: f.satisfactionRate.value,
    reopenRate: f.reopenRate.value,
    received: f.received,
    closed: f.closed,
    overdueNow: f.overdueNow,
    reopened: f.reopenRate.numerator,
    measuresPlanned: f.rectification.planned,
    measuresVerified: f.rectification.verified,
    measuresOverdue: f.rectification.overdue,
    accountability: f.accountability.issued,
  };
}
