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

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The date in Beijing (UTC+8, no daylight saving) at an ISO-8601 instant. */
export function beijingDateOf(instant: string): LocalDate {
  return new Date(Date.parse(instant) + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The instant a due date has passed: the end of that day in Beijing, i.e. midnight (UTC+8) starting
 * the next day. A case due on 2026-10-15 is overdue from 2026-10-16T00:00+08:00.
 */
export function endOfBeijingDay(date: LocalDate): Date {
  return new Date(Date.parse(`${addDays(date, 1)}T00:00:00.000Z`) - BEIJING_OFFSET_MS);
}
