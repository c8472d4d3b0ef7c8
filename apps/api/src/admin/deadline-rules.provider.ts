import { Inject, Injectable } from '@nestjs/common';
import {
  CALENDAR_STREAM_ID,
  calendarFrom,
  chineseDaysYears,
  DeadlineRules,
  policyFrom,
  TIME_LIMITS_STREAM_ID,
  type CalendarYear,
  type CalendarYearPublished,
  type TimeLimitPolicyPublished,
} from '@app/domain';
import { EVENT_STORE, toDomainEvent, type EventStore } from '@app/event-store';

/**
 * The DeadlineRules in force, for commands that set due dates: the built-in calendar years
 * (chinese-days) overlaid with the admin's publications, and the latest published time-limit policy.
 *
 * Not cached: each call reads the two configuration streams (a few events a year each), so every
 * API instance uses a publication from the moment it is appended.
 */
@Injectable()
export class DeadlineRulesProvider {
  private readonly builtInYears: readonly CalendarYear[] = chineseDaysYears();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async current(): Promise<DeadlineRules> {
    const [calendarEvents, policyEvents] = await Promise.all([
      this.store.readStream(CALENDAR_STREAM_ID),
      this.store.readStream(TIME_LIMITS_STREAM_ID),
    ]);
    const calendar = calendarFrom(
      this.builtInYears,
      calendarEvents.map((e) => toDomainEvent<CalendarYearPublished>(e)).filter((e) => e.type === 'CalendarYearPublished'),
    );
    const policy = policyFrom(
      policyEvents.map((e) => toDomainEvent<TimeLimitPolicyPublished>(e)).filter((e) => e.type === 'TimeLimitPolicyPublished'),
    );
    return new DeadlineRules(calendar, policy);
  }

  /** The built-in data of a year (null if chinese-days has none). */
  builtInYear(year: number): CalendarYear | null {
    return this.builtInYears.find((y) => y.year === year) ?? null;
  }
}
