import { lateFrom, type LocalDate } from '@app/domain';
import type { ProjectionContext } from '../runner/projection';
import { ALL_UNITS, DASHBOARD_COUNTERS, type DashboardCounter, type FigureTerm, type PendingCounter } from './dashboard-figures';
import { DASHBOARD_COUNTS_TABLE, DASHBOARD_PENDING_TABLE } from './dashboard.reader';
import type { FactRow } from './fact-row';

/**
 * The dashboard's counts (dashboard_counts), kept as its fact rows change so that a summary reads a
 * row per month (and per day at the period's ragged edges) instead of every case of the period.
 *
 * Each fact row — a case, a dispatch, a measure, an accountability decision — adds to counters of its
 * case's cohort (the Beijing day it was received, its category and channel) under the unit it answers
 * for (README.md, "The unit filter") and under `*`, all units; and once per day and per month. When
 * an event changes a row, the row's old contribution is taken away and its new one added; a batch
 * sums these changes in memory and writes the sums (CountChanges).
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

/**
 * The category and channel of what is counted but is no case: accountability issued on a finding of
 * the ledger (finding-accountability.ts). No category or channel code is empty, so no filter picks it.
 */
export const LEDGER_COHORT_CODE = '';

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
 * The counters a contribution moves, as bits (bit i: DASHBOARD_COUNTERS[i] is not 0), stored with a
 * case or dispatch row (`counted`) so that the list of a figure skips in SQL the rows none of its
 * counters moves (figure-rows.ts). Only counters of the first 31 fit; case and dispatch rows move
 * no other.
 */
export function countedBits(contribution: Contribution): number {
  let bits = 0;
  for (const counter in contribution.counters) {
    if (contribution.counters[counter as DashboardCounter] === 0) continue;
    const bit = COUNTER_INDEX[counter];
    if (bit > 30) throw new Error(`counter ${counter} (${bit}) does not fit the counted bits`);
    bits |= 1 << bit;
  }
  return bits;
}

/**
 * The bits (countedBits) of the counters a figure's term reads. Every term is a sum and difference
 * of counters, with no constant (checked here: it is 0 when they all are), so a row the term counts
 * moves at least one of them.
 */
export function termBits(term: FigureTerm): number {
  let bits = 0;
  const read = (counter: DashboardCounter) => {
    bits |= 1 << COUNTER_INDEX[counter];
    return 0;
  };
  if (term(read, read) !== 0) throw new Error('a figure term with a constant: no row can be skipped by its counters');
  return bits;
}

/** A case row with its `counted` bits, as dashboard_cases stores it. */
export function withCaseBits(row: FactRow): FactRow {
  return { ...row, counted: countedBits(caseContribution(row)) };
}

/** A dispatch row with its `counted` bits, as dashboard_case_units stores it. */
export function withDispatchBits(row: FactRow): FactRow {
  return { ...row, counted: countedBits(dispatchContribution(row)) };
}

/** A row of dashboard_counts being moved: its key and by how much each counter moves (DASHBOARD_COUNTERS' order). */
interface CountRow {
  key: { unit_id: string; level: string; bucket: string; category: string; channel: string };
  counters: number[];
}
/** A row of dashboard_pending being moved. */
interface PendingRow {
  at: string;
  counter: string;
  received_on: string;
  category: string;
  channel: string;
  unit_id: string;
  n: number;
}
const COUNTER_INDEX: Readonly<Record<string, number>> = Object.fromEntries(DASHBOARD_COUNTERS.map((c, i) => [c, i]));
const ONLY_ALL_UNITS: readonly string[] = [ALL_UNITS];

/**
 * `at` as `Date.toISOString` writes it, the form pending rows are keyed by. Most are already (the
 * projection writes them so); one read back from the table (`…+00:00`) is parsed once more.
 */
function isoInstant(at: string): string {
  return at.length === 24 && at.endsWith('Z') ? at : new Date(at).toISOString();
}

/**
 * The count changes of a batch: each change of a cohort's rows (an event) takes their `before`
 * contributions away and adds the `after` ones, summed in memory per counter row; `write` adds the
 * sums with two upserts at most (the counts, the pending instants).
 *
 * A counter row one change moves is written even when the batch's sum for it is 0 (moved there and
 * back): applied a change at a time, that row would exist (with zeros), so it exists whatever the
 * batches — the tables are the same for any cut of the log. A row no single change moves is not written.
 */
export class CountChanges {
  private readonly counts = new Map<string, CountRow>();
  private readonly pending = new Map<string, PendingRow>();

  add(cohort: Cohort, before: readonly Contribution[], after: readonly Contribution[]): void {
    // What the change moves under each unit (and `*`): the same for the day's row and the month's.
    const byUnit = new Map<string, number[]>();
    const pending = new Map<string, PendingRow>();
    // Called for every event of a rebuild: loops over keys, no entry arrays or Dates per counter.
    const add = (contribution: Contribution, sign: number) => {
      const moved = contribution.counters;
      for (const unitId of contribution.unitId === null ? ONLY_ALL_UNITS : [contribution.unitId, ALL_UNITS]) {
        let counters = byUnit.get(unitId);
        if (!counters) byUnit.set(unitId, (counters = new Array<number>(DASHBOARD_COUNTERS.length).fill(0)));
        for (const counter in moved) {
          const n = moved[counter as DashboardCounter]!;
          if (n !== 0) counters[COUNTER_INDEX[counter]] += sign * n;
        }
      }
      for (const { counter, at } of contribution.pending) {
        const instant = isoInstant(at);
        const unitId = contribution.unitId ?? '';
        const key = `${unitId}\u0000${counter}\u0000${instant}`;
        const row = pending.get(key) ?? {
          at: instant,
          counter,
          received_on: cohort.receivedOn,
          category: cohort.category,
          channel: cohort.channel,
          unit_id: unitId,
          n: 0,
        };
        row.n += sign;
        pending.set(key, row);
      }
    };
    for (const c of before) add(c, -1);
    for (const c of after) add(c, 1);

    const month = `${cohort.receivedOn.slice(0, 7)}-01`;
    for (const [unitId, counters] of byUnit) {
      if (counters.every((n) => n === 0)) continue;
      this.addCounts(unitId, 'd', cohort.receivedOn, cohort, counters);
      this.addCounts(unitId, 'm', month, cohort, counters);
    }
    const cohortKey = `${cohort.receivedOn}\u0000${cohort.category}\u0000${cohort.channel}`;
    for (const [key, row] of pending) {
      if (row.n === 0) continue;
      const sum = this.pending.get(`${cohortKey}\u0000${key}`);
      if (!sum) this.pending.set(`${cohortKey}\u0000${key}`, row);
      else sum.n += row.n;
    }
  }

  /** A month row sums the cohorts of the month's days: keyed by bucket, not by day of receipt. */
  private addCounts(unitId: string, level: 'd' | 'm', bucket: string, cohort: Cohort, counters: readonly number[]): void {
    const key = `${unitId}\u0000${level}\u0000${bucket}\u0000${cohort.category}\u0000${cohort.channel}`;
    const sum = this.counts.get(key);
    if (!sum)
      this.counts.set(key, {
        key: { unit_id: unitId, level, bucket, category: cohort.category, channel: cohort.channel },
        counters: [...counters],
      });
    else for (let i = 0; i < counters.length; i++) sum.counters[i] += counters[i];
  }

  /** Adds the batch's sums to the tables: an upsert per table, from one array per column. */
  async write(ctx: ProjectionContext): Promise<void> {
    if (this.counts.size > 0) {
      const t = ctx.table(DASHBOARD_COUNTS_TABLE);
      const rows = [...this.counts.values()];
      const keys = ['unit_id', 'level', 'bucket', 'category', 'channel'] as const;
      await ctx.query(
        `INSERT INTO ${t} (${keys.join(', ')}, ${DASHBOARD_COUNTERS.join(', ')})
         SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], ${DASHBOARD_COUNTERS.map((_, i) => `$${i + 6}::integer[]`).join(', ')})
         ON CONFLICT (${keys.join(', ')})
         DO UPDATE SET ${DASHBOARD_COUNTERS.map((c) => `${c} = ${t}.${c} + EXCLUDED.${c}`).join(', ')}`,
        [...keys.map((k) => rows.map((r) => r.key[k])), ...DASHBOARD_COUNTERS.map((_, i) => rows.map((r) => r.counters[i]))],
      );
    }
    if (this.pending.size > 0) {
      const t = ctx.table(DASHBOARD_PENDING_TABLE);
      const rows = [...this.pending.values()];
      const columns = ['at', 'counter', 'received_on', 'category', 'channel', 'unit_id', 'n'] as const;
      await ctx.query(
        `INSERT INTO ${t} (${columns.join(', ')})
         SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::date[], $4::text[], $5::text[], $6::text[], $7::integer[])
         ON CONFLICT (at, counter, received_on, category, channel, unit_id) DO UPDATE SET n = ${t}.n + EXCLUDED.n`,
        columns.map((c) => rows.map((r) => r[c])),
      );
    }
  }
}
