import type { Instant } from '../case/case.model';
import type { Decision, StreamDeciderShape } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { publish, type Publication } from '../shared/publication';
import type { CalendarYear } from './calendar-year';
import { dayOfWeek, isLocalDate, yearOf, type LocalDate } from './local-date';
import { WorkingCalendar } from './working-calendar';

/**
 * The official calendar as an admin publishes it: each year's State Council notice
 * (国务院办公厅关于部分节假日安排的通知), or an amendment of it, is one event on one stream.
 * Published years take the place of the built-in (chinese-days) data for the same year.
 */
export const CALENDAR_STREAM_ID = 'config-calendar';

/** Years an admin may publish. */
export const CALENDAR_MIN_YEAR = 2000;
export const CALENDAR_MAX_YEAR = 2100;

/** Stable codes of the publication's broken rules (422 problem+json); never rename one. */
export const CalendarPublicationErrors = {
  INVALID_CALENDAR_YEAR: 'INVALID_CALENDAR_YEAR',
  INVALID_CALENDAR_DATE: 'INVALID_CALENDAR_DATE',
  DUPLICATE_CALENDAR_DATE: 'DUPLICATE_CALENDAR_DATE',
  MAKE_UP_DAY_NOT_WEEKEND: 'MAKE_UP_DAY_NOT_WEEKEND',
  CALENDAR_DAY_CONFLICT: 'CALENDAR_DAY_CONFLICT',
} as const;

export type PublishCalendarYear = {
  type: 'PublishCalendarYear';
  at: Instant;
  year: number;
  /** Days off (法定节假日 and bridging days). Weekend days may appear; they change nothing. */
  holidays: readonly LocalDate[];
  /** Saturdays and Sundays made working days (调休上班). */
  makeUpWorkdays: readonly LocalDate[];
  /** Which notice this is, e.g. `国办发明电〔2026〕N号`, or why it is amended. */
  note: string;
};

/** A whole year of the calendar; `revision`: the n-th publication on the calendar stream (any year). */
export type CalendarYearPublished = Publication<
  'CalendarYearPublished',
  {
    year: number;
    /** Sorted ascending. */
    holidays: LocalDate[];
    /** Sorted ascending. */
    makeUpWorkdays: LocalDate[];
    note: string;
  }
>;

export type CalendarPublicationCommand = PublishCalendarYear;
export type CalendarPublicationEvent = CalendarYearPublished;

export interface CalendarPublicationState {
  /** Publications so far (0 = none). */
  revision: number;
  /** The latest publication of each year. */
  years: Readonly<Record<number, CalendarYearPublished['data']>>;
}

export const CALENDAR_EVENT_SCHEMA_VERSIONS: Readonly<Record<CalendarPublicationEvent['type'], number>> = {
  CalendarYearPublished: 1,
};

/** The source recorded for an admin-published year, as WorkingCalendar.versionFor names it: `2027:admin@1`. */
export const adminCalendarSource = (revision: number): string => `admin@${revision}`;

/** The publication of the official calendar as a decider: stream `config-calendar`. */
export const calendarPublicationDecider: StreamDeciderShape<
  CalendarPublicationCommand,
  CalendarPublicationEvent,
  CalendarPublicationState
> = {
  initialState: () => ({ revision: 0, years: {} }),
  decide: decidePublishCalendarYear,
  evolve: (state, event) => ({
    revision: event.data.revision,
    years: { ...state.years, [event.data.year]: event.data },
  }),
  schemaVersion: (type) => CALENDAR_EVENT_SCHEMA_VERSIONS[type],
};

function decidePublishCalendarYear(command: PublishCalendarYear, state: CalendarPublicationState): Decision<CalendarPublicationEvent> {
  const { year } = command;
  if (!Number.isInteger(year) || year < CALENDAR_MIN_YEAR || year > CALENDAR_MAX_YEAR) {
    return new DomainError(
      CalendarPublicationErrors.INVALID_CALENDAR_YEAR,
      `The year must be a whole number from ${CALENDAR_MIN_YEAR} to ${CALENDAR_MAX_YEAR}, got ${year}`,
      { year },
    );
  }
  const holidays = checkDates(year, command.holidays, 'holidays');
  if (holidays instanceof DomainError) return holidays;
  const makeUpWorkdays = checkDates(year, command.makeUpWorkdays, 'makeUpWorkdays');
  if (makeUpWorkdays instanceof DomainError) return makeUpWorkdays;

  // A date at fault is named by its index in the list as sent (`makeUpWorkdays[2]`): the lists are
  // sorted for the event, and (checked above) hold each date once.
  const sent = (date: LocalDate) => `makeUpWorkdays[${command.makeUpWorkdays.indexOf(date)}]`;
  const notWeekend = makeUpWorkdays.find((date) => dayOfWeek(date) !== 0 && dayOfWeek(date) !== 6);
  if (notWeekend) {
    return new DomainError(
      CalendarPublicationErrors.MAKE_UP_DAY_NOT_WEEKEND,
      `${notWeekend} is a weekday: only a Saturday or Sunday can be made a working day (调休上班)`,
      { date: notWeekend, field: sent(notWeekend) },
    );
  }
  const holidaySet = new Set(holidays);
  const both = makeUpWorkdays.find((date) => holidaySet.has(date));
  if (both) {
    return new DomainError(
      CalendarPublicationErrors.CALENDAR_DAY_CONFLICT,
      `${both} is listed both as a holiday and as a make-up working day`,
      { date: both, field: sent(both) },
    );
  }

  // The notice replaces its year whole (the same notice again records nothing); the revision counts
  // every publication on the calendar stream, whatever its year.
  const soFar = { revision: state.revision, current: state.years[year] };
  return publish('CalendarYearPublished', { year, holidays, makeUpWorkdays, note: command.note }, soFar);
}

/** The dates, sorted, or the first rule they break, naming the date at fault by its index (`holidays[3]`). */
function checkDates(year: number, dates: readonly LocalDate[], list: 'holidays' | 'makeUpWorkdays'): LocalDate[] | DomainError {
  const seen = new Set<string>();
  for (const [index, date] of dates.entries()) {
    const field = `${list}[${index}]`;
    if (typeof date !== 'string' || !isLocalDate(date) || yearOf(date) !== year) {
      return new DomainError(
        CalendarPublicationErrors.INVALID_CALENDAR_DATE,
        `"${String(date)}" in ${list} is not a date of ${year} written YYYY-MM-DD`,
        { date, field, year },
      );
    }
    if (seen.has(date)) {
      return new DomainError(CalendarPublicationErrors.DUPLICATE_CALENDAR_DATE, `${date} appears twice in ${list}`, { date, field });
    }
    seen.add(date);
  }
  return [...seen].sort();
}

/** A published year as WorkingCalendar data, its source naming the revision (`admin@3`). */
export function calendarYearOf(published: CalendarYearPublished['data']): CalendarYear {
  return {
    year: published.year,
    holidays: published.holidays,
    makeUpWorkdays: published.makeUpWorkdays,
    source: adminCalendarSource(published.revision),
  };
}

/**
 * The calendar in force: the built-in years, each replaced by the latest publication of that year.
 * `published` is the calendar stream's events, in stream order.
 */
export function calendarFrom(builtInYears: Iterable<CalendarYear>, published: Iterable<CalendarYearPublished>): WorkingCalendar {
  const years = new Map<number, CalendarYear>();
  for (const year of builtInYears) years.set(year.year, year);
  for (const event of published) years.set(event.data.year, calendarYearOf(event.data));
  return new WorkingCalendar(years.values());
}
