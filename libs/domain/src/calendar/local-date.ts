/** A calendar date without time or zone, as `YYYY-MM-DD` (dates of the Chinese calendar, Beijing time). */
export type LocalDate = string;

const FORMAT = /^\d{4}-\d{2}-\d{2}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * True if `value` is a real date written as YYYY-MM-DD, from 0100-01-01 on (Date.UTC reads the years
 * 0–99 as 1900–1999, so they never were). Checked with arithmetic, not a Date made and formatted:
 * the overdue list checks two dates for every row it answers.
 */
export function isLocalDate(value: string): value is LocalDate {
  if (!FORMAT.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const day = dayNumber(date);
  if (Number.isNaN(day) || !Number.isInteger(days)) {
    const [y, m, d] = date.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
  }
  return dateOfDay(day + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  const day = dayNumber(date);
  if (Number.isNaN(day)) {
    const [y, m, d] = date.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  }
  // Day 0, 1970-01-01, was a Thursday.
  return (((day + 4) % 7) + 7) % 7;
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The date in Beijing (UTC+8, no daylight saving) at an ISO-8601 instant. */
export function beijingDateOf(instant: string): LocalDate {
  const shifted = Date.parse(instant) + BEIJING_OFFSET_MS;
  // Not an instant, or past the last one a Date holds: the Date throws its RangeError, as it always did.
  if (!(Math.abs(shifted) <= MAX_INSTANT_MS)) return new Date(shifted).toISOString().slice(0, 10);
  return dateOfDay(Math.floor(shifted / DAY_MS));
}

// Per-day memos. Projections and deadline rules work out a date per event and row (a rebuild
// millions of times), over a few thousand distinct days: building a Date and formatting it each
// time was 4-5% of a rebuild's CPU. Each memo holds what the plain computation gives (NaN for a
// string that is no date, left to the callers' fallbacks), so answers are the same; each is
// emptied when it reaches MEMO_LIMIT, so memory stays bounded whatever the dates.
const DAY_MS = 24 * 60 * 60 * 1000;
const MEMO_LIMIT = 20_000;
const MAX_INSTANT_MS = 8.64e15;
const dayNumbers = new Map<string, number>();
const datesOfDays = new Map<number, LocalDate>();

/** Days since 1970-01-01 of `date` (as Date.UTC normalises it), NaN if it has no numbers. */
function dayNumber(date: LocalDate): number {
  let day = dayNumbers.get(date);
  if (day === undefined) {
    const [y, m, d] = date.split('-').map(Number);
    day = Date.UTC(y, m - 1, d) / DAY_MS;
    if (dayNumbers.size >= MEMO_LIMIT) dayNumbers.clear();
    dayNumbers.set(date, day);
  }
  return day;
}

/** The date `day` days after 1970-01-01. */
function dateOfDay(day: number): LocalDate {
  let date = datesOfDays.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (datesOfDays.size >= MEMO_LIMIT) datesOfDays.clear();
    datesOfDays.set(day, date);
  }
  return date;
}

/**
 * The instant a due date has passed: the end of that day in Beijing, i.e. midnight (UTC+8) starting
 * the next day. A case due on 2026-10-15 is overdue from 2026-10-16T00:00+08:00.
 */
export function endOfBeijingDay(date: LocalDate): Date {
  return new Date(Date.parse(`${addDays(date, 1)}T00:00:00.000Z`) - BEIJING_OFFSET_MS);
}
