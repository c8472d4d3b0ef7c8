import { DomainError } from '../shared/domain-error';
import type { CalendarYear } from './calendar-year';
import { dayOfWeek, isLocalDate, yearOf, type LocalDate } from './local-date';
import { dateOfEpochDay, epochDayOf, workingDayRuns, yearOfEpochDay, type WorkingDayRun } from './working-day-index';

/** Stable codes of the calendar's errors. */
export const CALENDAR_YEAR_MISSING = 'CALENDAR_YEAR_MISSING';
export const INVALID_DATE = 'INVALID_DATE';

/**
 * Working days on the Chinese official calendar. It only answers for years it holds data for:
 * a date in any other year is refused (CALENDAR_YEAR_MISSING), never guessed as Monday–Friday,
 * because a wrong due date is worse than none.
 */
export class WorkingCalendar {
  private readonly years: ReadonlyMap<number, { holidays: Set<string>; makeUp: Set<string>; source: string }>;
  /** The working-day ordinals of each covered year, counted on first use (a calendar is often built for one check). */
  private runs: Map<number, WorkingDayRun> | null = null;

  constructor(years: Iterable<CalendarYear>) {
    const map = new Map<number, { holidays: Set<string>; makeUp: Set<string>; source: string }>();
    for (const y of years) map.set(y.year, { holidays: new Set(y.holidays), makeUp: new Set(y.makeUpWorkdays), source: y.source });
    this.years = map;
  }

  /** A calendar with `year` added, or replacing the data held for that year (an admin amendment). */
  withYear(year: CalendarYear): WorkingCalendar {
    const kept = [...this.years]
      .filter(([y]) => y !== year.year)
      .map(([y, data]) => ({
        year: y,
        holidays: [...data.holidays],
        makeUpWorkdays: [...data.makeUp],
        source: data.source,
      }));
    return new WorkingCalendar([...kept, year]);
  }

  covers(year: number): boolean {
    return this.years.has(year);
  }

  /** The data source of each year the dates fall in, e.g. `2026:chinese-days@1.5.7`; recorded in events that set due dates. */
  versionFor(...dates: LocalDate[]): string {
    const years = [...new Set(dates.map(yearOf))].sort();
    return years.map((year) => `${year}:${this.yearData(year).source}`).join(',');
  }

  isWorkingDay(date: LocalDate): boolean {
    assertDate(date);
    const data = this.yearData(yearOf(date));
    if (data.makeUp.has(date)) return true;
    if (data.holidays.has(date)) return false;
    const day = dayOfWeek(date);
    return day !== 0 && day !== 6;
  }

  /**
   * The `workingDays`-th working day after `from` (the day itself is not counted): a case received on
   * Thursday 24 September 2026 with 10 working days is due on Thursday 15 October 2026. With 0, the
   * same day (same-day emergencies). A lookup in the precomputed ordinals; counting into a year
   * without data is refused with that year, as counting day by day would reach it.
   */
  addWorkingDays(from: LocalDate, workingDays: number): LocalDate {
    assertDate(from);
    if (!Number.isInteger(workingDays) || workingDays < 0) {
      throw new DomainError(INVALID_DATE, `working days must be a non-negative integer, got ${workingDays}`);
    }
    if (workingDays === 0) return from;
    const next = epochDayOf(from) + 1;
    const run = this.runAt(next);
    const day = run.workingDay(run.before(next) + workingDays);
    if (day === null) throw this.missing(run.lastYear + 1);
    return dateOfEpochDay(day);
  }

  /**
   * The working days after `from` up to and including `to` (0 when `to` is not after `from`): how
   * many working days a deadline is overdue, or left. A subtraction of the precomputed ordinals.
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    assertDate(from);
    assertDate(to);
    if (to <= from) return 0;
    const next = epochDayOf(from) + 1;
    const run = this.runAt(next);
    if (yearOf(to) > run.lastYear) throw this.missing(run.lastYear + 1);
    return run.upTo(epochDayOf(to)) - run.before(next);
  }

  /** The run of consecutive covered years holding `day`; a day of a year without data is refused. */
  private runAt(day: number): WorkingDayRun {
    const year = yearOfEpochDay(day);
    this.yearData(year);
    this.runs ??= workingDayRuns(this.years);
    return this.runs.get(year)!;
  }

  private yearData(year: number) {
    const data = this.years.get(year);
    if (!data) throw this.missing(year);
    return data;
  }

  private missing(year: number): DomainError {
    return new DomainError(
      CALENDAR_YEAR_MISSING,
      `No official calendar loaded for ${year}: load that year's holidays and make-up working days first`,
      { year },
    );
  }
}

function assertDate(date: LocalDate): void {
  if (!isLocalDate(date)) throw new DomainError(INVALID_DATE, `"${date}" is not a date in the form YYYY-MM-DD`);
}
