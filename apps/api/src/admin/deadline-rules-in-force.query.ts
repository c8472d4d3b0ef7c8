import { Inject, NotFoundException } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  adminCalendarSource,
  calendarPublicationDecider,
  timeLimitPublicationDecider,
  CALENDAR_STREAM_ID,
  CALENDAR_YEAR_MISSING,
  policyFrom,
  TIME_LIMITS_STREAM_ID,
  type CaseCategory,
  type TimeLimitPolicy,
} from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventStore } from '@app/event-store';
import { DeadlineRulesProvider } from './deadline-rules.provider';

// The calendar and the time limits in force, read from their configuration streams as their
// publications load them (loadAggregate with the stream's decider).

export interface CalendarYearView {
  year: number;
  holidays: string[];
  makeUpWorkdays: string[];
  note: string | null;
  /** `admin@3` or `chinese-days@1.5.7` */
  source: string;
  /** As recorded in events that set due dates: `2027:admin@3`. */
  version: string;
  /** The publication in force (null: built-in data). */
  revision: number | null;
}

export interface TimeLimitsView {
  version: string;
  categories: readonly CaseCategory[];
  signForWorkingDays: number;
  urgencyOverrides: TimeLimitPolicy['urgencyOverrides'];
  /** The publication in force (null: the built-in default). */
  revision: number | null;
}

/** A year's official calendar in force: the admin's latest publication of it, else the built-in data. */
export class GetCalendarYearQuery extends Query<CalendarYearView> {
  constructor(readonly year: number) {
    super();
  }
}

/** The time-limit policy in force: the latest publication, else the built-in default. */
export class GetTimeLimitsQuery extends Query<TimeLimitsView> {}

/** 404 CALENDAR_YEAR_MISSING when the year is neither published nor built in. */
@QueryHandler(GetCalendarYearQuery)
export class GetCalendarYearHandler implements IQueryHandler<GetCalendarYearQuery, CalendarYearView> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly rules: DeadlineRulesProvider,
  ) {}

  async execute({ year }: GetCalendarYearQuery): Promise<CalendarYearView> {
    const { state } = await loadAggregate(this.store, CALENDAR_STREAM_ID, calendarPublicationDecider);
    const published = state.years[year];
    if (published) {
      const source = adminCalendarSource(published.revision);
      const { holidays, makeUpWorkdays, note, revision } = published;
      return { year, holidays, makeUpWorkdays, note, source, version: `${year}:${source}`, revision };
    }
    const builtIn = this.rules.builtInYear(year);
    if (!builtIn) {
      throw new NotFoundException({ code: CALENDAR_YEAR_MISSING, message: `No official calendar for ${year} has been published`, year });
    }
    return {
      year,
      holidays: [...builtIn.holidays].sort(),
      makeUpWorkdays: [...builtIn.makeUpWorkdays].sort(),
      note: null,
      source: builtIn.source,
      version: `${year}:${builtIn.source}`,
      revision: null,
    };
  }
}

@QueryHandler(GetTimeLimitsQuery)
export class GetTimeLimitsHandler implements IQueryHandler<GetTimeLimitsQuery, TimeLimitsView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<TimeLimitsView> {
    const { state } = await loadAggregate(this.store, TIME_LIMITS_STREAM_ID, timeLimitPublicationDecider);
    const policy = policyFrom(state.current ? [{ type: 'TimeLimitPolicyPublished', data: state.current }] : []);
    const revision = state.current?.revision ?? null;
    const { version, categories, signForWorkingDays, urgencyOverrides } = policy;
    return { version, categories, signForWorkingDays, urgencyOverrides, revision };
  }
}
