import { addDays, type RankingPeriod } from '@app/domain';

/**
 * `2026-11` (a month) or `2026` (a year), of a year from 2000 (the first the system dates anything
 * in). No upper bound here: a well-formed period that has not begun (`2100-01`, `9999`) is the
 * decider's 422 RANKING_PERIOD_NOT_BEGUN naming `period`, not a 400 as if it were malformed.
 */
export const PERIOD_PATTERN = /^(2\d{3}|[3-9]\d{3})(?:-(0[1-9]|1[0-2]))?$/;

/** The period a `2026-11` or `2026` names, Beijing dates inclusive. */
export function periodOf(label: string): RankingPeriod {
  const match = PERIOD_PATTERN.exec(label);
  if (!match) throw new Error(`not a period: ${label}`);
  const [, year, month] = match;
  if (!month) return { kind: 'year', label, from: `${year}-01-01`, to: `${year}-12-31` };
  // December ends on the 31st: no next year to count back from (9999-12 has none of four digits).
  if (month === '12') return { kind: 'month', label, from: `${year}-12-01`, to: `${year}-12-31` };
  const next = `${year}-${String(Number(month) + 1).padStart(2, '0')}-01`;
  return { kind: 'month', label, from: `${year}-${month}-01`, to: addDays(next, -1) };
}
