import type { Pool } from 'pg';
import { ACCOUNTABILITY_FORMS, beijingDateOf, type AccountabilityForm } from '@app/domain';
import {
  rate,
  type DashboardBucket,
  type DashboardFigures,
  type DashboardScope,
  type TrendInterval,
} from '@app/projections/dashboard/dashboard-figures';
import { count } from '@app/projections/runner/row-values';

const DASHBOARD_CASES_TABLE = 'dashboard_cases';
const DASHBOARD_CASE_UNITS_TABLE = 'dashboard_case_units';
const DASHBOARD_MEASURES_TABLE = 'dashboard_measures';
const DASHBOARD_ACCOUNTABILITY_TABLE = 'dashboard_accountability';
const DASHBOARD_FINDING_ACCOUNTABILITY_TABLE = 'dashboard_finding_accountability';

/**
 * The dashboard's figures aggregated straight from its fact rows, as the reader answered before it
 * summed counters (issue 11): the reference the counters must answer the same as
 * (dashboard.projection.spec.ts). Slow on a big log — every case of the period — and kept for specs only.
 */
export async function dashboardFromFacts(
  pool: Pool,
  scope: DashboardScope,
  interval: TrendInterval | null,
  asOf: Date,
): Promise<DashboardBucket[]> {
  const { sql, params } = figuresSql(scope, interval, asOf);
  const { rows } = await pool.query(sql, params);
  return rows.map((row) => ({
    label: row.label as string,
    from: row.bucket_from as string,
    to: row.bucket_to as string,
    figures: figuresOf(row),
  }));
}

/**
 * The aggregation behind the dashboard: one row per bucket of received dates (one bucket for the
 * whole period in a summary), every bucket present even when empty. The cohort is the cases
 * received in the period with the category and channel asked for; the unit filter then picks the
 * rows the unit answers for — cases it leads, its own dispatches, measures it is responsible for,
 * accountability issued against it. `today` (Beijing) decides what is overdue and what was due.
 * Accountability issued on a finding of the ledger (no case: no category or channel) counts on the
 * day it was issued, when neither category nor channel is asked for.
 *
 * Parameters: $1 from, $2 to, $3 unit, $4 category, $5 channel, $6 today (the as-of instant's
 * Beijing date), $7 the as-of instant. Handling deadlines are judged by the instants the projection
 * stored from libs/domain's deadline rule (handling_missed_from, open_late_from) against $7.
 */
function figuresSql(scope: DashboardScope, interval: TrendInterval | null, asOf: Date): { sql: string; params: unknown[] } {
  const today = beijingDateOf(asOf.toISOString());
  const params = [scope.from, scope.to, scope.unitId, scope.category, scope.channel, today, asOf.toISOString()];
  // `interval` is one of TREND_INTERVALS (validated), mapped here rather than passed through.
  const unit = interval ? ({ day: 'day', week: 'week', month: 'month' } as const)[interval] : null;
  const bucketOf = (column: string) => (unit ? `date_trunc('${unit}', ${column}::timestamp)::date` : '$1::date');
  const buckets = unit
    ? `SELECT b::date AS bucket FROM generate_series(date_trunc('${unit}', $1::date::timestamp), $2::date::timestamp, interval '1 ${unit}') AS b`
    : 'SELECT $1::date AS bucket';
  // ISO weeks (Monday start) are labelled 2026-W43; a bucket's dates are clipped to the period.
  const label = { day: `'YYYY-MM-DD'`, week: `'IYYY-"W"IW'`, month: `'YYYY-MM'` }[unit ?? 'day'];
  const bucketEnd = unit ? `least((b.bucket + interval '1 ${unit}' - interval '1 day')::date, $2::date)` : '$2::date';
  const sql = `
    WITH cohort AS (
      SELECT c.*, ${bucketOf('c.received_on')} AS bucket
      FROM ${DASHBOARD_CASES_TABLE} c
      WHERE c.received_on BETWEEN $1::date AND $2::date
        AND ($4::text IS NULL OR c.category = $4::text)
        AND ($5::text IS NULL OR c.channel = $5::text)
    ),
    buckets AS (${buckets}),
    cases AS (
      SELECT bucket,
        count(*) AS received,
        count(*) FILTER (WHERE status = 'filed') AS awaiting_acceptance,
        count(*) FILTER (WHERE accepted_on IS NOT NULL) AS accepted,
        count(*) FILTER (WHERE status = 'rejected') AS rejected,
        count(*) FILTER (WHERE status IN ('accepted', 'in_progress')) AS in_progress,
        count(*) FILTER (WHERE status = 'closed') AS closed,
        count(*) FILTER (WHERE status = 'in_progress' AND open_late_from <= $7::timestamptz) AS overdue_now,
        count(*) FILTER (WHERE status = 'closed' AND NOT coalesce(handling_missed_from <= $7::timestamptz, false)) AS closed_on_time,
        count(*) FILTER (WHERE status = 'closed' OR handling_missed_from <= $7::timestamptz) AS completion_settled,
        count(*) FILTER (WHERE last_visit IN ('satisfied', 'basically_satisfied')) AS satisfied,
        count(*) FILTER (WHERE last_visit IS NOT NULL) AS visited,
        count(*) FILTER (WHERE reopen_count > 0) AS reopened,
        count(*) FILTER (WHERE handled_on IS NOT NULL) AS handled
      FROM cohort
      WHERE $3::text IS NULL OR lead_unit_id = $3::text
      GROUP BY bucket
    ),
    dispatches AS (
      SELECT c.bucket,
        count(*) FILTER (WHERE u.signed_in_time) AS signed_on_time,
        -- known outcome: signed for, or the sign-for day ended while the unit still held the case
        count(*) FILTER (
          WHERE u.acknowledged_on IS NOT NULL OR (u.sign_for_late_from <= $7::timestamptz AND (u.ended_on IS NULL OR u.ended_on > u.sign_for_due))
        ) AS sign_for_settled
      FROM ${DASHBOARD_CASE_UNITS_TABLE} u JOIN cohort c USING (case_id)
      WHERE $3::text IS NULL OR u.unit_id = $3::text
      GROUP BY c.bucket
    ),
    measures AS (
      SELECT c.bucket,
        count(*) AS measures_planned,
        count(*) FILTER (WHERE m.status = 'verified') AS measures_verified,
        count(*) FILTER (WHERE m.status IN ('planned', 'rejected') AND m.due_date < $6::date) AS measures_overdue
      FROM ${DASHBOARD_MEASURES_TABLE} m JOIN cohort c USING (case_id)
      WHERE $3::text IS NULL OR m.responsible_unit_id = $3::text
      GROUP BY c.bucket
    ),
    accountability AS (
      SELECT c.bucket, a.case_id::text AS holder_id, a.accountability_id, a.form
      FROM ${DASHBOARD_ACCOUNTABILITY_TABLE} a JOIN cohort c USING (case_id)
      WHERE $3::text IS NULL OR a.target_unit_id = $3::text
      UNION ALL
      SELECT ${bucketOf('f.issued_on')}, 'finding-' || f.finding_id, f.accountability_id, unnest(f.forms)
      FROM ${DASHBOARD_FINDING_ACCOUNTABILITY_TABLE} f
      WHERE f.issued_on BETWEEN $1::date AND $2::date AND $4::text IS NULL AND $5::text IS NULL
        AND ($3::text IS NULL OR f.target_unit_id = $3::text)
    ),
    decisions AS (
      SELECT bucket, count(DISTINCT (holder_id, accountability_id)) AS accountability_issued FROM accountability GROUP BY bucket
    ),
    forms AS (
      SELECT bucket, jsonb_object_agg(form, n) AS by_form
      FROM (SELECT bucket, form, count(*) AS n FROM accountability GROUP BY bucket, form) per_form
      GROUP BY bucket
    )
    SELECT to_char(b.bucket, ${label}) AS label,
      greatest(b.bucket, $1::date)::text AS bucket_from,
      ${bucketEnd}::text AS bucket_to,
      cases.*, dispatches.*, measures.*, decisions.*, forms.*
    FROM buckets b
      LEFT JOIN cases USING (bucket)
      LEFT JOIN dispatches USING (bucket)
      LEFT JOIN measures USING (bucket)
      LEFT JOIN decisions USING (bucket)
      LEFT JOIN forms USING (bucket)
    ORDER BY b.bucket`;
  return { sql, params };
}

/** The figures from one row of the aggregation (the columns of figuresSql). */
function figuresOf(row: Record<string, unknown>): DashboardFigures {
  const n = (column: string) => count(row[column]);
  const counted = (row.by_form ?? {}) as Partial<Record<AccountabilityForm, number>>;
  return {
    received: n('received'),
    awaitingAcceptance: n('awaiting_acceptance'),
    accepted: n('accepted'),
    rejected: n('rejected'),
    inProgress: n('in_progress'),
    closed: n('closed'),
    overdueNow: n('overdue_now'),
    responseRate: rate(n('signed_on_time'), n('sign_for_settled')),
    onTimeCompletionRate: rate(n('closed_on_time'), n('completion_settled')),
    completionRate: rate(n('closed'), n('accepted')),
    satisfactionRate: rate(n('satisfied'), n('visited')),
    reopenRate: rate(n('reopened'), n('handled')),
    rectification: { planned: n('measures_planned'), verified: n('measures_verified'), overdue: n('measures_overdue') },
    accountability: {
      issued: n('accountability_issued'),
      byForm: Object.fromEntries(ACCOUNTABILITY_FORMS.map((form) => [form, count(counted[form])])) as Record<AccountabilityForm, number>,
    },
  };
}
