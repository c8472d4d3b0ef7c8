import { lateFrom, type LocalDate } from '@app/domain';
import type { ProjectionContext } from '../runner/projection';
import { ALL_UNITS, DASHBOARD_COUNTERS, type DashboardCounter, type PendingCounter } from './dashboard-figures';
import { DASHBOARD_COUNTS_TABLE, DASHBOARD_PENDING_TABLE } from './dashboard.reader';

/**
 * The dashboard's counts (dashboard_counts), kept as its fact rows change so that a summary reads a
 * row per month (and per day at the period's ragged edges) instead of every case of the period.
 *
 * Each fact row — a case, a dispatch, a measure, an accountability decision — adds to counters of its
 * case's cohort (the Beijing day it was received, its category and channel) under the unit it answers
 * for (README.md, "The unit filter") and under `*`, all units; and once per day and per month. When
 * a handler changes a row, the row's old contribution is taken away and its new one added.
 *
 * What depends on the instant asked (overdue now, missed deadlines, sign-for outcomes, measures past
 * due) is counted as soon as it may become true, and also kept by the instant it does
 * (dashboard_pending, per day only): the reader takes away what its as-of instant has not reached.
 */

/** A case's cohort: what the dashboard's period, category and channel filters pick by. */
export interface Cohort {
  receivedOn: LocalDate;
  category: string;
  channel: string;
}

/** What one fact row counts: its counters, under its unit (null: none), and the instants its pending ones are reached. */
export interface Contribution {
  unitId: string | null;
  counters: Partial<Record<DashboardCounter, number>>;
  pending: Array<{ counter: PendingCounter; at: string }>;
}

/** A fact row as `to_jsonb` gives it: dates as YYYY-MM-DD, instants as ISO text. */
type FactRow = Record<string, unknown>;

export function cohortOf(caseRow: FactRow): Cohort {
  return { receivedOn: caseRow.received_on as string, category: caseRow.category as string, channel: caseRow.channel as string };
}

/** A case row: counted under its lead (README.md, "Counts" and "Rates"). */
export function caseContribution(c: FactRow): Contribution {
  const status = c.status as string;
  const openLateFrom = c.open_late_from as string | null;
  const missedFrom = c.handling_missed_from as string | null;
  const counters: Contribution['counters'] = {
    received: 1,
    awaiting_acceptance: Number(status === 'filed'),
    accepted: Number(c.accepted_on !== null),
    rejected: Number(status === 'rejected'),
    in_progress: Number(status === 'accepted' || status === 'in_progress'),
    closed: Number(status === 'closed'),
    satisfied: Number(c.last_visit === 'satisfied' || c.last_visit === 'basically_satisfied'),
    visited: Number(c.last_visit !== null),
    reopened: Number((c.reopen_count as number) > 0),
    handled: Number(c.handled_on !== null),
  };
  const pending: Contribution['pending'] = [];
  const from = (counter: PendingCounter, at: string) => {
    counters[counter] = 1;
    pending.push({ counter, at });
  };
  if (status === 'in_progress' && openLateFrom !== null) from('overdue_open', openLateFrom);
  if (missedFrom !== null) from(status === 'closed' ? 'closed_missable' : 'open_missable', missedFrom);
  return { unitId: (c.lead_unit_id as string | null) ?? null, counters, pending };
}

/** A dispatch row (交办 or 改派 to a unit): the response rate, under the dispatched unit. */
export function dispatchContribution(u: FactRow): Contribution {
  const signed = u.acknowledged_on !== null;
  const counters: Contribution['counters'] = { signed_on_time: Number(u.signed_in_time === true), signed_for: Number(signed) };
  const pending: Contribution['pending'] = [];
  // Not signed for: its outcome is known once the sign-for day ends while the unit still holds it.
  if (!signed && (u.ended_on === null || (u.ended_on as string) > (u.sign_for_due as string))) {
    counters.sign_for_lapsable = 1;
    pending.push({ counter: 'sign_for_lapsable', at: u.sign_for_late_from as string });
  }
  return { unitId: u.unit_id as string, counters, pending };
}

/** A rectification measure: under the responsible unit; overdue once its due date has ended undone. */
export function measureContribution(m: FactRow): Contribution {
  const open = m.status === 'planned' || m.status === 'rejected';
  return {
    unitId: m.responsible_unit_id as string,
    counters: { measures_planned: 1, measures_verified: Number(m.status === 'verified'), measures_open: Number(open) },
    pending: open ? [{ counter: 'measures_open', at: lateFrom(m.due_date as string).toISOString() }] : [],
  };
}

/** An accountability decision with the forms it used: under its target unit. */
export function accountabilityContribution(targetUnitId: string, forms: readonly string[]): Contribution {
  const counters: Contribution['counters'] = { accountability_issued: 1 };
  for (const form of forms) counters[`form_${form}` as DashboardCounter] = 1;
  return { unitId: targetUnitId, counters, pending: [] };
}

/**
 * Takes the `before` contributions of a cohort's rows away and adds the `after` ones: two upserts at
 * most (the counts, the pending instants), none when nothing changes.
 */
export async function addCountChanges(
  ctx: ProjectionContext,
  cohort: Cohort,
  before: readonly Contribution[],
  after: readonly Contribution[],
): Promise<void> {
  const month = `${cohort.receivedOn.slice(0, 7)}-01`;
  const counts = new Map<string, Record<string, string | number>>();
  const pending = new Map<string, { unit_id: string; counter: string; at: string; n: number }>();
  const add = (contribution: Contribution, sign: number) => {
    const units = contribution.unitId === null ? [ALL_UNITS] : [contribution.unitId, ALL_UNITS];
    for (const unitId of units)
      for (const [level, bucket] of [
        ['d', cohort.receivedOn],
        ['m', month],
      ]) {
        const key = `${unitId}\u0000${level}`;
        const row = counts.get(key) ?? { unit_id: unitId, level, bucket };
        for (const [counter, n] of Object.entries(contribution.counters))
          row[counter] = ((row[counter] as number | undefined) ?? 0) + sign * n!;
        counts.set(key, row);
      }
    for (const { counter, at } of contribution.pending) {
      const instant = new Date(at).toISOString();
      const unitId = contribution.unitId ?? '';
      const key = `${unitId}\u0000${counter}\u0000${instant}`;
      const row = pending.get(key) ?? { unit_id: unitId, counter, at: instant, n: 0 };
      row.n += sign;
      pending.set(key, row);
    }
  };
  for (const c of before) add(c, -1);
  for (const c of after) add(c, 1);

  const changedCounts = [...counts.values()].filter((row) => DASHBOARD_COUNTERS.some((c) => (row[c] ?? 0) !== 0));
  if (changedCounts.length > 0) {
    const t = ctx.table(DASHBOARD_COUNTS_TABLE);
    const rows = changedCounts.map((row) => ({ ...Object.fromEntries(DASHBOARD_COUNTERS.map((c) => [c, 0])), ...row }));
    await ctx.query(
      `INSERT INTO ${t} (unit_id, level, bucket, category, channel, ${DASHBOARD_COUNTERS.join(', ')})
       SELECT d.unit_id, d.level, d.bucket, $2, $3, ${DASHBOARD_COUNTERS.map((c) => `d.${c}`).join(', ')}
         FROM jsonb_to_recordset($1::jsonb) AS d (unit_id text, level text, bucket date, ${DASHBOARD_COUNTERS.map((c) => `${c} integer`).join(', ')})
       ON CONFLICT (unit_id, level, bucket, category, channel)
       DO UPDATE SET ${DASHBOARD_COUNTERS.map((c) => `${c} = ${t}.${c} + EXCLUDED.${c}`).join(', ')}`,
      [JSON.stringify(rows), cohort.category, cohort.channel],
    );
  }
  const changedPending = [...pending.values()].filter((row) => row.n !== 0);
  if (changedPending.length > 0) {
    const t = ctx.table(DASHBOARD_PENDING_TABLE);
    await ctx.query(
      `INSERT INTO ${t} (at, counter, received_on, category, channel, unit_id, n)
       SELECT d.at, d.counter, $2, $3, $4, d.unit_id, d.n
         FROM jsonb_to_recordset($1::jsonb) AS d (at timestamptz, counter text, unit_id text, n integer)
       ON CONFLICT (at, counter, received_on, category, channel, unit_id) DO UPDATE SET n = ${t}.n + EXCLUDED.n`,
      [JSON.stringify(changedPending), cohort.receivedOn, cohort.category, cohort.channel],
    );
  }
}
