import { ACCOUNTABILITY_FORMS, addDays, type AccountabilityForm, type LocalDate } from '@app/domain';
import { queryReadModel, type Queryable } from '../runner/read-model-query';
import type { ReadModelVersion } from '../runner/read-model-version';
import { count } from '../runner/row-values';
import {
  ALL_UNITS,
  COUNT_FIGURES,
  DASHBOARD_COUNTERS,
  PENDING_COUNTERS,
  RATE_FIGURES,
  rate,
  type BreakdownDimension,
  type CountFigure,
  type DashboardBucket,
  type DashboardFigures,
  type DashboardScope,
  type PendingCounter,
  type Rate,
  type RateFigure,
  type TrendInterval,
} from './dashboard-figures';

/** The read model's name: its checkpoint, its rebuild, its errors. */
export const DASHBOARD_READ_MODEL = 'dashboard';
/**
 * Its views (dashboard.tables.ts): facts, and the counts they add up to per day and month of receipt,
 * which the queries sum. The DDL creates them, the projection fills them, only this reader reads them.
 */
export const DASHBOARD_CASES_TABLE = 'dashboard_cases';
export const DASHBOARD_CASE_UNITS_TABLE = 'dashboard_case_units';
export const DASHBOARD_MEASURES_TABLE = 'dashboard_measures';
export const DASHBOARD_ACCOUNTABILITY_TABLE = 'dashboard_accountability';
export const DASHBOARD_FINDING_ACCOUNTABILITY_TABLE = 'dashboard_finding_accountability';
export const DASHBOARD_COUNTS_TABLE = 'dashboard_counts';
export const DASHBOARD_PENDING_TABLE = 'dashboard_pending';

/** The leaders' dashboard (领导看板): the figures of a scope, summed from the counts at query time. */
export class DashboardReader {
  constructor(private readonly db: Queryable) {}

  /**
   * One bucket per `interval` of received dates, or one for the whole period when `interval` is
   * null. `asOf` is the instant overdue and "due" are judged at.
   */
  async figures(scope: DashboardScope, interval: TrendInterval | null, asOf: Date): Promise<DashboardBucket[]> {
    const { sql, params } = figuresSql(scope, interval, asOf, null);
    const rows = await queryReadModel(this.db, DASHBOARD_READ_MODEL, sql, params);
    return rows.map((row) => ({
      label: row.label as string,
      from: row.bucket_from as string,
      to: row.bucket_to as string,
      figures: figuresOf(row),
    }));
  }

  /**
   * What the figures of any scope at `asOf` are a function of, as one string: the read model's
   * checkpoint (every change of its tables moves it, in the same transaction) and the next instant a
   * pending row (a counter that counts from an instant on) is reached after `asOf` — with the tables
   * unchanged, two instants before the same next one take the same pending rows away (`changesAt`).
   * One statement, so one snapshot; an indexed read each (the pending rows' key starts with the instant).
   */
  async figuresVersion(asOf: Date): Promise<ReadModelVersion> {
    const [row] = await queryReadModel(
      this.db,
      DASHBOARD_READ_MODEL,
      `SELECT (SELECT generation || '/' || coalesce(position::text, '-') FROM projection_checkpoints WHERE name = $2) AS checkpoint, n.at::text AS next_at,
              (extract(epoch FROM n.at) * 1000)::float8 AS next_at_ms
       FROM (SELECT (SELECT at FROM ${DASHBOARD_PENDING_TABLE} WHERE at > $1::timestamptz ORDER BY at LIMIT 1) AS at) n`,
      [asOf.toISOString(), DASHBOARD_READ_MODEL],
    );
    return { version: `${row.checkpoint ?? '-'} ${row.next_at ?? '-'}`, changesAt: (row.next_at_ms as number | null) ?? null };
  }

  /**
   * The summary's figures of the period split by the unit each figure answers for, or by category:
   * the same sums (figuresSql) grouped by one more key, then `groupOf` puts keys together (a unit's
   * kind) and the counters of a group are added before its figures are made, so every rate of a
   * group is its numerators over its denominators — the summary's definitions, nothing averaged.
   *
   * By unit, the key null is what no unit answers for (not dispatched, rejected, disputed: counted in
   * the summary of all units only), so the rows add up to the summary; not for a scope of one unit.
   * By category, the key null is accountability on findings of the ledger, which have no category.
   * Keys whose counters are all 0 are left out.
   */
  async breakdown(
    scope: DashboardScope,
    by: BreakdownDimension,
    asOf: Date,
    groupOf: (key: string | null) => string | null | Promise<string | null> = (key) => key,
  ): Promise<Array<{ key: string | null; figures: DashboardFigures }>> {
    const { sql, params } = figuresSql(scope, null, asOf, by);
    const rows = await queryReadModel(this.db, DASHBOARD_READ_MODEL, sql, params);
    const sums = new Map<string | null, number[]>();
    const add = (key: string | null, values: number[], sign = 1) => {
      const sum = sums.get(key) ?? new Array<number>(SUMMED.length).fill(0);
      values.forEach((v, i) => (sum[i] += sign * v));
      sums.set(key, sum);
    };
    const valuesOf = (row: Record<string, unknown>) => SUMMED.map((column) => count(row[column]));
    const keyed = rows.filter((row) => row.key !== null);
    for (const row of keyed) {
      if (by === 'unit' && (row.key === ALL_UNITS || row.key === '')) continue;
      const key = by === 'category' && row.key === '' ? null : (row.key as string);
      add(key, valuesOf(row));
    }
    const whole = keyed.find((row) => row.key === ALL_UNITS);
    if (by === 'unit' && whole) {
      // What no unit answers for: all units' sums less every unit's (each fact counts under its unit and `*`, or `*` alone).
      add(null, valuesOf(whole));
      for (const [key, values] of [...sums]) if (key !== null) add(null, values, -1);
    }
    const groups = new Map<string | null, number[]>();
    for (const [key, values] of sums) {
      if (values.every((v) => v === 0)) continue;
      const group = await groupOf(key);
      const sum = groups.get(group) ?? new Array<number>(SUMMED.length).fill(0);
      values.forEach((v, i) => (sum[i] += v));
      groups.set(group, sum);
    }
    return [...groups]
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
      .map(([key, values]) => ({ key, figures: figuresOf(Object.fromEntries(SUMMED.map((column, i) => [column, values[i]]))) }));
  }
}

/** The columns of figuresSql's rows that figuresOf reads: what a breakdown adds up per group. */
const SUMMED = [...DASHBOARD_COUNTERS, ...PENDING_COUNTERS.map((c) => `${c}_pending`)];

/**
 * The sum behind the dashboard: one row per bucket of received dates (one bucket for the whole
 * period in a summary), every bucket present even when empty. The counts of the whole months of the
 * period are read from their month rows, the days before and after them from day rows (a trend by
 * day or week reads days only); the unit asked for picks its own rows (the figures it answers for,
 * README.md), none picks the rows of all units. Of the counters that count from an instant on, the
 * pending rows not yet reached at the as-of instant are taken away.
 *
 * Parameters: $1 from, $2 to, $3 unit ('*': all), $4 category, $5 channel, $6 the as-of instant,
 * $7 the first and $8 the last day of the whole months read from month rows (null: none).
 *
 * `by` (a breakdown) adds a column `key` and a row per key: the category, or the unit (with the
 * unit scope `*`, every unit's rows and all units' `*`, whose pending rows are the sum of every
 * unit's, so that breakdown() can take the units away from it).
 */
function figuresSql(
  scope: DashboardScope,
  interval: TrendInterval | null,
  asOf: Date,
  by: BreakdownDimension | null,
): { sql: string; params: unknown[] } {
  // `interval` is one of TREND_INTERVALS (validated), mapped here rather than passed through.
  const unit = interval ? ({ day: 'day', week: 'week', month: 'month' } as const)[interval] : null;
  const months = unit === 'day' || unit === 'week' ? null : wholeMonths(scope.from, scope.to);
  const params = [
    scope.from,
    scope.to,
    scope.unitId ?? ALL_UNITS,
    scope.category,
    scope.channel,
    asOf.toISOString(),
    months?.first ?? null,
    months?.last ?? null,
  ];
  const bucketOf = (column: string) => (unit ? `date_trunc('${unit}', ${column}::timestamp)::date` : '$1::date');
  const buckets = unit
    ? `SELECT b::date AS bucket FROM generate_series(date_trunc('${unit}', $1::date::timestamp), $2::date::timestamp, interval '1 ${unit}') AS b`
    : 'SELECT $1::date AS bucket';
  // ISO weeks (Monday start) are labelled 2026-W43; a bucket's dates are clipped to the period.
  const label = { day: `'YYYY-MM-DD'`, week: `'IYYY-"W"IW'`, month: `'YYYY-MM'` }[unit ?? 'day'];
  const bucketEnd = unit ? `least((b.bucket + interval '1 ${unit}' - interval '1 day')::date, $2::date)` : '$2::date';
  const cohort = `($4::text IS NULL OR category = $4::text) AND ($5::text IS NULL OR channel = $5::text)`;
  const keyColumn = by === 'unit' ? 'unit_id' : 'category';
  const countsKey = by ? `, ${keyColumn} AS key` : '';
  const countsUnits = by === 'unit' ? `($3::text = '${ALL_UNITS}' OR unit_id = $3::text)` : 'unit_id = $3::text';
  const pendingKey =
    by === 'unit' ? `, CASE WHEN grouping(unit_id) = 1 THEN '${ALL_UNITS}' ELSE unit_id END AS key` : by ? `, category AS key` : '';
  const pendingGroups =
    by === 'unit' ? `GROUPING SETS ((${bucketOf('received_on')}, unit_id), (${bucketOf('received_on')}))` : by ? '1, key' : '1';
  const sql = `
    WITH buckets AS (${buckets}),
    counts AS (
      SELECT ${bucketOf('bucket')} AS bucket${countsKey}, ${DASHBOARD_COUNTERS.map((c) => `sum(${c}) AS ${c}`).join(', ')}
      FROM ${DASHBOARD_COUNTS_TABLE}
      WHERE ${countsUnits} AND ${cohort}
        AND ((level = 'm' AND bucket BETWEEN $7::date AND $8::date)
          OR (level = 'd' AND bucket BETWEEN $1::date AND $2::date AND NOT coalesce(bucket BETWEEN $7::date AND $8::date, false)))
      GROUP BY 1${by ? ', key' : ''}
    ),
    pending AS (
      SELECT ${bucketOf('received_on')} AS bucket${pendingKey},
        ${PENDING_COUNTERS.map((c) => `coalesce(sum(n) FILTER (WHERE counter = '${c}'), 0) AS ${c}_pending`).join(', ')}
      FROM ${DASHBOARD_PENDING_TABLE}
      WHERE at > $6::timestamptz AND received_on BETWEEN $1::date AND $2::date AND ${cohort}
        AND ($3::text = '${ALL_UNITS}' OR unit_id = $3::text)
      GROUP BY ${pendingGroups}
    )
    SELECT to_char(b.bucket, ${label}) AS label,
      greatest(b.bucket, $1::date)::text AS bucket_from,
      ${bucketEnd}::text AS bucket_to,
      counts.*, pending.*${by ? ', counts.key AS key' : ''}
    FROM buckets b
      LEFT JOIN counts USING (bucket)
      LEFT JOIN pending USING (bucket${by ? ', key' : ''})
    ORDER BY b.bucket`;
  return { sql, params };
}

/** The whole calendar months from `from` to `to`: the first day of the first, the last day of the last; null if none. */
function wholeMonths(from: LocalDate, to: LocalDate): { first: LocalDate; last: LocalDate } | null {
  const monthStart = (day: LocalDate) => `${day.slice(0, 7)}-01`;
  // The 28th of any month plus a week is in the next month.
  const nextMonthStart = (day: LocalDate) => monthStart(addDays(`${day.slice(0, 7)}-28`, 7));
  const first = day1(from) ? from : nextMonthStart(from);
  const last = addDays(nextMonthStart(to), -1) === to ? to : addDays(monthStart(to), -1);
  return first <= last ? { first, last } : null;
}

function day1(day: LocalDate): boolean {
  return day.endsWith('-01');
}

/** The figures from one row of the sums (the columns of figuresSql). */
function figuresOf(row: Record<string, unknown>): DashboardFigures {
  const n = (column: string) => count(row[column]);
  /** A counter that counts from an instant on, as of the query's instant. */
  const reached = (counter: PendingCounter) => n(counter) - n(`${counter}_pending`);
  const counts = Object.fromEntries(Object.entries(COUNT_FIGURES).map(([figure, term]) => [figure, term(n, reached)])) as Record<
    CountFigure,
    number
  >;
  const rates = Object.fromEntries(
    Object.entries(RATE_FIGURES).map(([figure, { numerator, denominator }]) => [
      figure,
      rate(numerator(n, reached), denominator(n, reached)),
    ]),
  ) as Record<RateFigure, Rate>;
  return {
    ...counts,
    ...rates,
    rectification: { planned: n('measures_planned'), verified: n('measures_verified'), overdue: reached('measures_open') },
    accountability: {
      issued: n('accountability_issued'),
      byForm: Object.fromEntries(ACCOUNTABILITY_FORMS.map((form) => [form, n(`form_${form}`)])) as Record<AccountabilityForm, number>,
    },
  };
}
