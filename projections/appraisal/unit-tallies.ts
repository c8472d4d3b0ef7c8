import { caseTally, CASE_INDICATORS, type CaseIndicator } from '@app/domain';
import type { ProjectionContext } from '../runner/projection';
import { APPRAISAL_OPEN_DEADLINES_TABLE, APPRAISAL_UNIT_TALLIES_TABLE, indicatorColumn, TALLY_COUNTERS } from './appraisal.reader';
import { asCaseFact, type CaseFactRow } from './case-fact-row';

/**
 * A unit's tallies for a year (appraisal_unit_tallies) are the sums of what each case it leads adds
 * (the domain's caseTally), kept as the cases' rows change: when an event changes a row, the row's
 * old contribution is taken away and its new one added, to whichever unit leads the case before and
 * after. The year's table then reads one row per unit instead of every case.
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

function contributionOf(row: CaseFactRow): Contribution | null {
  const fact = asCaseFact(row);
  if (fact === null) return null;
  const tally = caseTally(fact);
  const counters: Record<string, number> = { led: 1 };
  for (const indicator of CASE_INDICATORS) {
    const { inDenominator, inNumerator } = tally.indicators[indicator as CaseIndicator];
    counters[indicatorColumn(indicator, 'numerator')] = Number(inNumerator);
    counters[indicatorColumn(indicator, 'denominator')] = Number(inDenominator);
  }
  const { actLate, openLateFrom } = tally.overdue;
  counters.overdue_late = Number(actLate);
  counters.overdue_open = Number(!actLate && openLateFrom !== null);
  return { unitId: row.leadUnitId!, year: row.year, counters, openLateFrom: actLate ? null : openLateFrom };
}

/** Adds the difference one row's change makes to its units' tallies (nothing when it makes none). */
export async function addTallyChanges(ctx: ProjectionContext, before: CaseFactRow, after: CaseFactRow): Promise<void> {
  const tallies = new Map<string, Record<string, number | string>>();
  const deadlines = new Map<string, { unit_id: string; year: number; late_from: string; cases: number }>();
  const add = (contribution: Contribution | null, sign: 1 | -1) => {
    if (contribution === null) return;
    const { unitId, year } = contribution;
    const key = `${unitId}\u0000${year}`;
    const row = tallies.get(key) ?? { unit_id: unitId, year, ...Object.fromEntries(TALLY_COUNTERS.map((c) => [c, 0])) };
    for (const [counter, n] of Object.entries(contribution.counters)) row[counter] = (row[counter] as number) + sign * n;
    tallies.set(key, row);
    if (contribution.openLateFrom !== null) {
      const lateFrom = contribution.openLateFrom.toISOString();
      const deadline = deadlines.get(`${key}\u0000${lateFrom}`) ?? { unit_id: unitId, year, late_from: lateFrom, cases: 0 };
      deadline.cases += sign;
      deadlines.set(`${key}\u0000${lateFrom}`, deadline);
    }
  };
  add(contributionOf(before), -1);
  add(contributionOf(after), 1);

  const changedTallies = [...tallies.values()].filter((row) => TALLY_COUNTERS.some((c) => row[c] !== 0));
  if (changedTallies.length > 0) {
    const t = ctx.table(APPRAISAL_UNIT_TALLIES_TABLE);
    await ctx.query(
      `INSERT INTO ${t} (unit_id, year, ${TALLY_COUNTERS.join(', ')})
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS d (unit_id text, year integer, ${TALLY_COUNTERS.map((c) => `${c} integer`).join(', ')})
       ON CONFLICT (unit_id, year) DO UPDATE SET ${TALLY_COUNTERS.map((c) => `${c} = ${t}.${c} + EXCLUDED.${c}`).join(', ')}`,
      [JSON.stringify(changedTallies)],
    );
  }
  const changedDeadlines = [...deadlines.values()].filter((d) => d.cases !== 0);
  if (changedDeadlines.length > 0) {
    const t = ctx.table(APPRAISAL_OPEN_DEADLINES_TABLE);
    await ctx.query(
      `INSERT INTO ${t} (unit_id, year, late_from, cases)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS d (unit_id text, year integer, late_from timestamptz, cases integer)
       ON CONFLICT (unit_id, year, late_from) DO UPDATE SET cases = ${t}.cases + EXCLUDED.cases`,
      [JSON.stringify(changedDeadlines)],
    );
  }
}

/** One more accountability decision against `unitId` in `year`. */
export async function addAccountability(ctx: ProjectionContext, unitId: string, year: number): Promise<void> {
  const t = ctx.table(APPRAISAL_UNIT_TALLIES_TABLE);
  await ctx.query(
    `INSERT INTO ${t} (unit_id, year, accountability) VALUES ($1, $2, 1)
     ON CONFLICT (unit_id, year) DO UPDATE SET accountability = ${t}.accountability + 1`,
    [unitId, year],
  );
}
