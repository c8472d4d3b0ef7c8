import { caseTally, CASE_INDICATORS, type CaseIndicator } from '@app/domain';
import type { ProjectionContext } from '../runner/projection';
import { APPRAISAL_OPEN_DEADLINES_TABLE, APPRAISAL_UNIT_TALLIES_TABLE, indicatorColumn, TALLY_COUNTERS } from './appraisal.reader';
import { asCaseFact, type CaseFactRow } from './case-fact-row';

/**
 * A unit's tallies for a year (appraisal_unit_tallies) are the sums of what each case it leads adds
 * (the domain's caseTally), kept as the cases' rows change: when an event changes a row, the row's
 * old contribution is taken away and its new one added, to whichever unit leads the case before and
 * after (TallyChanges sums a batch's changes in memory). The year's table then reads one row per unit
 * instead of every case.
 *
 * Whether a case is overdue (超期) depends on the instant asked: a case whose act came late counts at
 * once (`overdue_late`); one with an open round counts from the end of its due day, so it is
 * counted in `overdue_open` and, by that instant, in appraisal_open_deadlines, from which the reader
 * takes away those not yet due at its as-of instant.
 */

interface Contribution {
  unitId: string;
  year: number;
  counters: Record<string, number>;
  /** The instant an open round makes the case overdue; null: none, or already overdue for good. */
  openLateFrom: Date | null;
}

const INDICATOR_COLUMNS = CASE_INDICATORS.map((indicator) => ({
  indicator: indicator as CaseIndicator,
  numerator: indicatorColumn(indicator, 'numerator'),
  denominator: indicatorColumn(indicator, 'denominator'),
}));

function contributionOf(row: CaseFactRow): Contribution | null {
  const fact = asCaseFact(row);
  if (fact === null) return null;
  const tally = caseTally(fact);
  const counters: Record<string, number> = { led: 1 };
  for (const { indicator, numerator, denominator } of INDICATOR_COLUMNS) {
    const { inDenominator, inNumerator } = tally.indicators[indicator];
    counters[numerator] = Number(inNumerator);
    counters[denominator] = Number(inDenominator);
  }
  const { actLate, openLateFrom } = tally.overdue;
  counters.overdue_late = Number(actLate);
  counters.overdue_open = Number(!actLate && openLateFrom !== null);
  return { unitId: row.leadUnitId!, year: row.year, counters, openLateFrom: actLate ? null : openLateFrom };
}

/**
 * The tally changes of a batch: each change of a case row takes its old contribution away and adds
 * its new one, summed in memory per unit and year (and per open deadline); `write` adds the sums with
 * two upserts at most.
 *
 * A row one change moves is written even when the batch's sum for it is 0 (the lead changed and
 * changed back): applied a change at a time, that row would exist (with zeros), so it exists
 * whatever the batches — the tables are the same for any cut of the log.
 */
export class TallyChanges {
  private readonly tallies = new Map<string, { unitId: string; year: number; counters: Record<string, number> }>();
  private readonly deadlines = new Map<string, { unitId: string; year: number; lateFrom: string; cases: number }>();
  /** By row: a row's `after` is its next change's `before` (rows are never changed in place), so each is tallied once. */
  private readonly contributions = new WeakMap<CaseFactRow, Contribution | null>();

  /** One case row's change: `before` to `after`. */
  add(before: CaseFactRow, after: CaseFactRow): void {
    const tallies = new Map<string, { unitId: string; year: number; counters: Record<string, number> }>();
    const deadlines = new Map<string, { unitId: string; year: number; lateFrom: string; cases: number }>();
    // Called for every case event of a rebuild: loops over keys, no entry arrays per counter.
    const add = (contribution: Contribution | null, sign: 1 | -1) => {
      if (contribution === null) return;
      const { unitId, year } = contribution;
      const key = `${unitId}\u0000${year}`;
      let row = tallies.get(key);
      if (!row) tallies.set(key, (row = { unitId, year, counters: {} }));
      const moved = contribution.counters;
      for (const counter in moved) row.counters[counter] = (row.counters[counter] ?? 0) + sign * moved[counter];
      if (contribution.openLateFrom !== null) {
        const lateFrom = contribution.openLateFrom.toISOString();
        const deadline = deadlines.get(`${key}\u0000${lateFrom}`) ?? { unitId, year, lateFrom, cases: 0 };
        deadline.cases += sign;
        deadlines.set(`${key}\u0000${lateFrom}`, deadline);
      }
    };
    add(this.contributionOf(before), -1);
    add(this.contributionOf(after), 1);
    for (const [key, row] of tallies) if (moves(row.counters)) this.addTally(key, row);
    for (const [key, deadline] of deadlines) {
      if (deadline.cases === 0) continue;
      const sum = this.deadlines.get(key);
      if (sum) sum.cases += deadline.cases;
      else this.deadlines.set(key, deadline);
    }
  }

  private contributionOf(row: CaseFactRow): Contribution | null {
    let contribution = this.contributions.get(row);
    if (contribution === undefined) this.contributions.set(row, (contribution = contributionOf(row)));
    return contribution;
  }

  /** One more accountability decision against `unitId` in `year`. */
  addAccountability(unitId: string, year: number): void {
    this.addTally(`${unitId}\u0000${year}`, { unitId, year, counters: { accountability: 1 } });
  }

  private addTally(key: string, row: { unitId: string; year: number; counters: Record<string, number> }): void {
    const sum = this.tallies.get(key);
    if (!sum) return void this.tallies.set(key, row);
    for (const counter in row.counters) sum.counters[counter] = (sum.counters[counter] ?? 0) + row.counters[counter];
  }

  /** Adds the batch's sums to the tables: an upsert per table, from one array per column. */
  async write(ctx: ProjectionContext): Promise<void> {
    if (this.tallies.size > 0) {
      const t = ctx.table(APPRAISAL_UNIT_TALLIES_TABLE);
      const rows = [...this.tallies.values()];
      await ctx.query(
        `INSERT INTO ${t} (unit_id, year, ${TALLY_COUNTERS.join(', ')})
         SELECT * FROM unnest($1::text[], $2::integer[], ${TALLY_COUNTERS.map((_, i) => `$${i + 3}::integer[]`).join(', ')})
         ON CONFLICT (unit_id, year) DO UPDATE SET ${TALLY_COUNTERS.map((c) => `${c} = ${t}.${c} + EXCLUDED.${c}`).join(', ')}`,
        [rows.map((r) => r.unitId), rows.map((r) => r.year), ...TALLY_COUNTERS.map((c) => rows.map((r) => r.counters[c] ?? 0))],
      );
    }
    if (this.deadlines.size > 0) {
      const t = ctx.table(APPRAISAL_OPEN_DEADLINES_TABLE);
      const rows = [...this.deadlines.values()];
      await ctx.query(
        `INSERT INTO ${t} (unit_id, year, late_from, cases)
         SELECT * FROM unnest($1::text[], $2::integer[], $3::timestamptz[], $4::integer[])
         ON CONFLICT (unit_id, year, late_from) DO UPDATE SET cases = ${t}.cases + EXCLUDED.cases`,
        [rows.map((r) => r.unitId), rows.map((r) => r.year), rows.map((r) => r.lateFrom), rows.map((r) => r.cases)],
      );
    }
  }
}

function moves(counters: Readonly<Record<string, number>>): boolean {
  for (const counter in counters) if (counters[counter] !== 0) return true;
  return false;
}
