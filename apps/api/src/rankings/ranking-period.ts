import { addDays, type RankingPeriod } from '@app/domain';

/** `2026-11` (a month) or `2026` (a year). */
export const PERIOD_PATTERN = /^(20\d\d)(?:-(0[1-9]|1[0-2]))?$/;

/** The period a `2026-11` or `2026` names, Beijing dates inclusive. */
export function periodOf(label: string): RankingPeriod {
  const match = PERIOD_PATTERN.exec(label);
  if (!match) throw new Error(`not a period: ${label}`);
  const [, year, month] = match;
  if (!month) return { kind: 'year', label, from: `${year}-01-01`, to: `${year}-12-31` };
  const next = month === '12' ? `${Number(year) + 1}-01-01` : `${year}-${String(Number(month) + 1).padStart(2, '0')}-01`;
  return { kind: 'month', label, from: `${year}-${month}-01`, to: addDays(next, -1) };
}
