import { RANKING_READ_MODELS, type Queryable } from '@app/projections';
import type { Pool } from 'pg';
import { rankRows, type RankingBasis, type RankingFigures, type RankingPeriod, type RankingRow } from '@app/domain';
import { AccountabilityReader } from '@app/projections/accountability/accountability.reader';
import { AppraisalReader, type AppraisedUnit } from '@app/projections/appraisal/appraisal.reader';
import { DashboardReader } from '@app/projections/dashboard/dashboard.reader';
import { RectificationsReader } from '@app/projections/rectifications/rectifications.reader';
import { readCheckpoints } from '@app/projections/runner/checkpoint';

/** The rates a league table may rank by: those where higher is better. */
export const RANK_BY_FIGURES = [
  'onTimeCompletionRate',
  'completionRate',
  'satisfactionRate',
  'responseRate',
  'rectificationOnTimeRate',
] as const;
export type RankByFigure = (typeof RANK_BY_FIGURES)[number];
/** By default: on time first, then done at all, then satisfied, then signed for in time, then measures done in time. */
export const DEFAULT_RANK_BY: readonly RankByFigure[] = RANK_BY_FIGURES;

/** The definitions the figures follow in the running code: each read model a ranking reads, at its version. */
export const RANKING_SCHEME_VERSION = RANKING_READ_MODELS.map((p) => `${p.name}@v${p.version}`).join(' ');

/**
 * The league table of the active units of one kind over a period, from the read models it is
 * computed from (RANKING_READ_MODELS) — every unit's figures and every read model's checkpoint read
 * in one REPEATABLE READ snapshot, so the rows are exactly those of the log up to the positions
 * recorded with them (RankingBasis), judged at `asOf`.
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
    const checkpoints = await readCheckpoints(
      client,
      RANKING_READ_MODELS.map((p) => p.name),
    );
    const rows = await rankingRowsIn(client, period, unitKind, rankBy, asOf);
    await client.query('COMMIT');
    // Each read model's checkpoint in that snapshot; together they include every event up to the least of them.
    const readModels = Object.fromEntries(
      RANKING_READ_MODELS.map((p) => [p.name, checkpoints.find((c) => c.name === p.name)?.position?.toString() ?? '0']),
    );
    const basis: RankingBasis = {
      position: Object.values(readModels).reduce((least, p) => (BigInt(p) < BigInt(least) ? p : least)),
      readModels,
      schemeVersion: RANKING_SCHEME_VERSION,
      computedAt: asOf.toISOString(),
    };
    return { basis, rows };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * A unit of the period's bulletin: active, or retired after the period began (its first day, Beijing
 * time). A 通报 of May corrected in December keeps a unit retired in November: it stood in May.
 * When a unit was registered is no guide (the seed registers every unit on the first start), so a
 * unit registered since stands in the bulletins of earlier periods, with what it has in them.
 */
export function activeIn(unit: AppraisedUnit, period: RankingPeriod): boolean {
  return unit.status === 'active' || (unit.retiredAt !== null && Date.parse(unit.retiredAt) >= Date.parse(`${period.from}T00:00:00+08:00`));
}

/**
 * The ranked rows of the units of one kind that stood in a period (activeIn), read from the read models
 * `db` sees under their view names: the live ones (computeRanking, in its snapshot) or the copies
 * a reproduction replays from the log (ranking-reproduction.query.ts).
 */
export async function rankingRowsIn(
  db: Queryable,
  period: RankingPeriod,
  unitKind: string,
  rankBy: readonly string[],
  asOf: Date,
): Promise<RankingRow[]> {
  const units = (await new AppraisalReader(db).units()).filter((u) => u.kind === unitKind && activeIn(u, period));
  const dashboard = new DashboardReader(db);
  const [measures, accountability] = [
    await new RectificationsReader(db).completionByUnit(period.from, period.to, asOf),
    await new AccountabilityReader(db).issuedByUnit(period.from, period.to),
  ];
  const rows: Array<Omit<RankingRow, 'rank'>> = [];
  for (const unit of units) {
    const [bucket] = await dashboard.figures(
      { from: period.from, to: period.to, unitId: unit.unitId, category: null, channel: null },
      null,
      asOf,
    );
    const ledger = measures.get(unit.unitId) ?? { due: 0, done: 0, doneOnTime: 0 };
    rows.push({
      unitId: unit.unitId,
      name: unit.name,
      figures: rankingFigures(bucket.figures, ledger, accountability.get(unit.unitId) ?? 0),
    });
  }
  return rankRows(rows, rankBy);
}

type DashboardFigures = Awaited<ReturnType<DashboardReader['figures']>>[number]['figures'];

/**
 * What a row shows: the five rates' values and the case counts behind them (the dashboard's, cases
 * received in the period, README of projections/dashboard); the measures of cases and findings due
 * in the period the unit is responsible for whose deadline is judged at the ranking's instant (done
 * by their due day, or their due day ended: a measure not yet due is not counted, as the dashboard
 * counts a deadline once its outcome is known), done, and done by their due day, with that share;
 * and the accountability decisions against the unit issued in the period, on cases and findings.
 */
function rankingFigures(
  f: DashboardFigures,
  measures: { due: number; done: number; doneOnTime: number },
  accountability: number,
): RankingFigures {
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
    measuresDue: measures.due,
    measuresDone: measures.done,
    measuresDoneOnTime: measures.doneOnTime,
    rectificationOnTimeRate: measures.due === 0 ? null : Math.round((measures.doneOnTime / measures.due) * 10_000) / 10_000,
    accountability,
  };
}
