import { UNIT_KINDS, type UnitKind } from '../../labels';
/** Names the appraisal screens show for the API's codes (pure: no Vue). */

export const DEDUCTION_NAMES: Record<string, string> = {
  inspection: '日常督查扣分',
  overdueCases: '超期案件扣分',
  accountability: '问责扣分',
};

/** The demo year (and the last whole year): the first-start demo plays last year. */
export function lastYear(now: Date = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now)) - 1;
}

/**
 * Whether the year picker offers a year (its 1 January, as the picker gives it): not one after the
 * current year in Beijing, whose appraisal has not begun (the API answers 422 APPRAISAL_YEAR_IN_FUTURE).
 */
export function yearNotBegun(year: Date, now: Date = new Date()): boolean {
  return year.getFullYear() > lastYear(now) + 1;
}

/**
 * A score or points with two decimals, or up to four where they have more (the scheme's points are
 * fractional: 89.99 and 90 weighted 50/50 are 89.995, which at two decimals read 90.00 beside a score
 * of 90.00, as if no rounding made the score); null as —.
 */
export function formatPoints(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 4 });
}

/** Rows grouped by unit kind, in the order of UNIT_KINDS, each group by rank (unranked last), then name. */
export function groupByKind<T extends { kind: UnitKind; rank: number | null; name: string }>(
  rows: readonly T[],
): Array<{ kind: UnitKind; rows: T[] }> {
  return UNIT_KINDS.map((kind) => ({
    kind,
    rows: rows
      .filter((row) => row.kind === kind)
      .sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || a.name.localeCompare(b.name, 'zh-CN')),
  })).filter((group) => group.rows.length > 0);
}

/** The short form of an event id for a table cell (the whole id is in its title and data attribute). */
export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id;
}
