import type { LocalDate } from './local-date';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a YYYY-MM-DD date: an array index for day arithmetic without strings. */
export function epochDayOf(date: LocalDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export function dateOfEpochDay(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The year of an epoch day, without formatting its date. */
export function yearOfEpochDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/**
 * Consecutive covered years, counted once: for each calendar day the working days from the first
 * day of the run up to and including it (carried across the years in order), and each working day
 * by its ordinal. "Working days between two dates" is then a subtraction and "the n-th working day
 * after a date" a lookup, whatever the span — the overdue list asks this for every row it shows, and
 * every due date is one. A run never spans a missing year: counting through one is refused.
 */
export class WorkingDayRun {
  readonly firstDay: number;
  readonly lastDay: number;
  /** ordinals[i]: working days from firstDay up to and including firstDay + i. */
  private readonly ordinals: Int32Array;
  /** workingDays[k - 1]: the epoch day of the run's k-th working day. */
  private readonly workingDays: Int32Array;

  /**
   * `holidays` and `makeUpWorkdays`: the epoch days of the run's years that are off, and the weekend
   * days that are worked (调休); every other Monday–Friday is a working day. Counted with numbers, not
   * date strings: a calendar is built per request, and a run of twenty years is 7,000 days.
   */
  constructor(
    readonly firstYear: number,
    readonly lastYear: number,
    holidays: ReadonlySet<number>,
    makeUpWorkdays: ReadonlySet<number>,
  ) {
    this.firstDay = Date.UTC(firstYear, 0, 1) / DAY_MS;
    this.lastDay = Date.UTC(lastYear, 11, 31) / DAY_MS;
    const length = this.lastDay - this.firstDay + 1;
    this.ordinals = new Int32Array(length);
    const working: number[] = [];
    for (let i = 0; i < length; i++) {
      const day = this.firstDay + i;
      const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
      const isWorking = makeUpWorkdays.has(day) || (!holidays.has(day) && weekday !== 0 && weekday !== 6);
      if (isWorking) working.push(day);
      this.ordinals[i] = working.length;
    }
    this.workingDays = Int32Array.from(working);
  }

  /** Working days of the run strictly before `day` (a day of the run). */
  before(day: number): number {
    return day === this.firstDay ? 0 : this.ordinals[day - this.firstDay - 1];
  }

  /** Working days of the run up to and including `day` (a day of the run). */
  upTo(day: number): number {
    return this.ordinals[day - this.firstDay];
  }

  /** The epoch day of the run's `ordinal`-th working day; null when the run has fewer. */
  workingDay(ordinal: number): number | null {
    return ordinal <= this.workingDays.length ? this.workingDays[ordinal - 1] : null;
  }
}

/** The runs of consecutive years among `years`, each year mapped to its run. */
export function workingDayRuns(
  years: ReadonlyMap<number, { holidays: ReadonlySet<LocalDate>; makeUp: ReadonlySet<LocalDate> }>,
): Map<number, WorkingDayRun> {
  const sorted = [...years.keys()].sort((a, b) => a - b);
  const byYear = new Map<number, WorkingDayRun>();
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
    const runYears = sorted.slice(start, end + 1).map((year) => years.get(year)!);
    const days = (pick: 'holidays' | 'makeUp') => new Set(runYears.flatMap((data) => [...data[pick]].map(epochDayOf)));
    const run = new WorkingDayRun(sorted[start], sorted[end], days('holidays'), days('makeUp'));
    for (let i = start; i <= end; i++) byYear.set(sorted[i], run);
    start = end + 1;
  }
  return byYear;
}
