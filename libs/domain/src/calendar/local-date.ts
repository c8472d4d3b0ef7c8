/** A calendar date without time or zone, as `YYYY-MM-DD` (dates of the Chinese calendar, Beijing time). */
export type LocalDate = string;

const FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True if `value` is a real date written as YYYY-MM-DD. */
export function isLocalDate(value: string): value is LocalDate {
  const match = FORMAT.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}
