import { addDays, type LocalDate } from '@app/domain';
import { beijingDate, HOUR, type OfficeCalendar } from './office-calendar';
import type { Random } from './random';

/** The simulated stretch of time: [start, end) as instants; `end` is midnight after the last day, or now. */
export interface Span {
  start: number;
  end: number;
}

/** A non-working day gets this share of a working day's complaints (hotline and web on duty). */
const NON_WORKING_DAY_WEIGHT = 0.25;

/**
 * When the complaints come in: `count` instants over the span, in order. Days are drawn with
 * working days four times as likely as weekends and holidays; the time is in office hours
 * (Beijing), and at least two hours before the end of the span, so each can still be filed.
 */
export function arrivalTimes(count: number, span: Span, office: OfficeCalendar, rng: Random): number[] {
  const days: LocalDate[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (let day = beijingDate(span.start); day <= beijingDate(span.end - 1); day = addDays(day, 1)) {
    total += office.isWorkingDay(day) ? 1 : NON_WORKING_DAY_WEIGHT;
    days.push(day);
    cumulative.push(total);
  }
  const latest = span.end - 2 * HOUR;
  const times: number[] = [];
  for (let attempts = 0; times.length < count; attempts++) {
    if (attempts > 100 * count + 10_000) throw new Error('The span has no office hours to receive complaints in');
    const r = rng.next() * total;
    const day = days[lowerBound(cumulative, r)];
    const at = office.officeTime(rng, day);
    // On the last day of a span that ends now, a draw later than now is drawn again.
    if (at >= span.start && at <= latest) times.push(at);
  }
  return times.sort((a, b) => a - b);
}

function lowerBound(sorted: readonly number[], value: number): number {
  let [lo, hi] = [0, sorted.length - 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
