import { Injectable } from '@nestjs/common';
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
import { toDomainEvent } from '@app/event-store';
import type { ConfigurationReading } from '../common/configuration-reading';
import { ConfigurationStreams, type StreamSnapshot } from '../common/configuration-streams';

/**
 * The DeadlineRules in force, for commands that set due dates: the built-in calendar years
 * (chinese-days) overlaid with the admin's publications, and the latest published time-limit policy.
 *
 * The two configuration streams are held in memory and checked against the log's versions on every
 * call (ConfigurationStreams: one round trip, shared with the command's unit look-up when asked in the
 * same tick), so every API instance uses a publication from the moment it is appended, and the rules
 * are built again only when one of the streams has moved.
 */
@Injectable()
export class DeadlineRulesProvider {
  private readonly builtInYears: readonly CalendarYear[] = chineseDaysYears();
  private built: { calendar: StreamSnapshot; policy: StreamSnapshot; rules: DeadlineRules } | null = null;

  constructor(private readonly streams: ConfigurationStreams) {}

  /**
   * `forQuery`: for a list that counts days on the calendar (never for a command): the rules as the
   * check already on its way finds them, when one is (ConfigurationStreams.readForQuery).
   * `reading`: for a command whose append confirms the streams' versions (ConfigurationStreams.read).
   */
  async current(options: { forQuery?: boolean; reading?: ConfigurationReading } = {}): Promise<DeadlineRules> {
    const read = (id: string) => (options.forQuery ? this.streams.readForQuery(id) : this.streams.read(id, options.reading));
    const [calendarStream, policyStream] = await Promise.all([read(CALENDAR_STREAM_ID), read(TIME_LIMITS_STREAM_ID)]);
    const built = this.built;
    if (built && sameStream(built.calendar, calendarStream) && sameStream(built.policy, policyStream)) return built.rules;
    const calendar = calendarFrom(
      this.builtInYears,
      calendarStream.events.map((e) => toDomainEvent<CalendarYearPublished>(e)).filter((e) => e.type === 'CalendarYearPublished'),
    );
    const policy = policyFrom(
      policyStream.events.map((e) => toDomainEvent<TimeLimitPolicyPublished>(e)).filter((e) => e.type === 'TimeLimitPolicyPublished'),
    );
    const rules = new DeadlineRules(calendar, policy);
    this.built = { calendar: calendarStream, policy: policyStream, rules };
    return rules;
  }

  /** The built-in data of a year (null if chinese-days has none). */
  builtInYear(year: number): CalendarYear | null {
    return this.builtInYears.find((y) => y.year === year) ?? null;
  }
}

/**
 * The snapshot the rules were built from. A stream not written yet (no calendar or time limit ever
 * published: the usual case) is a new empty snapshot on every read, and rebuilding the rules for
 * it cost every command that sets a due date a calendar's working-day index (over 1 ms).
 */
function sameStream(built: StreamSnapshot, now: StreamSnapshot): boolean {
  return built === now || (built.version === 0 && now.version === 0);
}
