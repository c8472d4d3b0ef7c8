import { DomainError } from '../shared/domain-error';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR } from './calendar-publication';
import { beijingDateOf, isLocalDate, yearOf, type LocalDate } from './local-date';
import { INVALID_DATE } from './working-calendar';

/**
 * An instant as the API takes one: `YYYY-MM-DDTHH:MM`, optional seconds and fraction, and its offset
 * (`Z` or `±HH:MM`). Without the offset it would be read in the server's time zone; ISO-8601's other
 * forms (a bare year or date, week dates, `T00` alone, the basic `20260101T000000Z`, a decimal comma)
 * are refused too: what is stored must be what `Date.parse` and PostgreSQL read the same way.
 */
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * The largest offset a clock on Earth shows (UTC+14:00, Kiribati; the westmost is UTC−12:00).
 * PostgreSQL stores offsets to ±15:59 only: a larger one (`+16:00`) accepted here would be refused by
 * every read model's statement that casts it, stopping that read model on the event for good.
 */
export const MAX_OFFSET_MINUTES = 14 * 60;

/**
 * True if `value` is a real instant written with its offset (2026-02-30T… or 24:00 is not one, nor an
 * offset beyond ±14:00), from year 0100 on.
 */
export function isInstant(value: string): boolean {
  const parts = INSTANT.exec(value);
  if (!parts) return false;
  const [, date, hours, minutes, seconds = '00', offsetHours = '00', offsetMinutes = '00'] = parts;
  return (
    isLocalDate(date) &&
    Number(hours) <= 23 &&
    Number(minutes) <= 59 &&
    Number(seconds) <= 59 &&
    Number(offsetMinutes) <= 59 &&
    Number(offsetHours) * 60 + Number(offsetMinutes) <= MAX_OFFSET_MINUTES &&
    !Number.isNaN(Date.parse(value))
  );
}

/**
 * True if `value` is an instant (isInstant) on a day the working calendar can hold, its Beijing date
 * in CALENDAR_MIN_YEAR–CALENDAR_MAX_YEAR: a case received in 1900 could never have its due dates
 * counted, so it could never be dispatched.
 */
export function isCalendarInstant(value: string): boolean {
  return isInstant(value) && isCalendarDate(beijingDateOf(value));
}

/**
 * True if `value` is a real date (isLocalDate) in CALENDAR_MIN_YEAR–CALENDAR_MAX_YEAR, the years a
 * working calendar can be published for: a due date the scheduler can fire and an overdue list can
 * show, where 9999-12-31 would be a deadline that never comes.
 */
export function isCalendarDate(value: string): value is LocalDate {
  if (!isLocalDate(value)) return false;
  const year = yearOf(value);
  return year >= CALENDAR_MIN_YEAR && year <= CALENDAR_MAX_YEAR;
}

/**
 * A command's instant (a receipt, when a finding was raised) that the read models and the deadline
 * rules can use, or INVALID_DATE naming `field`. The HTTP layer refuses such a value first (400);
 * this holds for every sender, e.g. the in-process demo.
 */
export function requireCalendarInstant(value: unknown, field: string): DomainError | null {
  if (typeof value === 'string' && isCalendarInstant(value)) return null;
  const example = '2026-09-24T09:30:00+08:00';
  return typeof value === 'string' && isInstant(value)
    ? new DomainError(INVALID_DATE, `${value} is outside the years the calendar covers (${CALENDAR_MIN_YEAR}–${CALENDAR_MAX_YEAR})`, {
        field,
      })
    : new DomainError(INVALID_DATE, `"${String(value)}" is not an instant with its offset, e.g. ${example}`, { field });
}
