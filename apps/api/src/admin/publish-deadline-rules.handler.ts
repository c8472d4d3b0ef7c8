import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  adminCalendarSource,
  calendarPublicationDecider,
  timeLimitPublicationDecider,
  CALENDAR_STREAM_ID,
  TIME_LIMITS_STREAM_ID,
  timeLimitsVersion,
  type CalendarPublicationState,
  type CalendarYearPublished,
  type PublishCalendarYear,
  type PublishTimeLimitPolicy,
} from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { OpenCases } from '../case-list/open-cases';
import { PublicationMessage } from '../common/command-message';
import { CommandWriter } from '../common/command-writer';
import { ConfigurationStreams } from '../common/configuration-streams';
import { publicationMoved, streamRevision } from '../common/publication-revision';
import type { PublicationResult } from './admin.dto';

// The two publications the deadline rules are made of (DeadlineRulesProvider folds them). Each
// replaces what it publishes whole; with If-Match only over the revision the admin saw
// (publication-revision.ts); the same publication again appends nothing and answers with the one in
// force. A broken rule throws the decider's DomainError and appends nothing.

/** An admin's publication of one year's official holidays and make-up working days. */
export class PublishCalendarYearMessage extends PublicationMessage<PublishCalendarYear, PublicationResult> {}

/**
 * An admin's publication of the time-limit policy (办理时限): categories, sign-for, urgency overrides.
 * The handler adds the open cases per category (the decider refuses to drop one in use).
 */
export class PublishTimeLimitPolicyMessage extends PublicationMessage<
  Omit<PublishTimeLimitPolicy, 'openCasesByCategory'>,
  PublicationResult
> {}

/** Publishes a year on the calendar stream, which holds every year's publications. */
@CommandHandler(PublishCalendarYearMessage)
export class PublishCalendarYearHandler implements ICommandHandler<PublishCalendarYearMessage, PublicationResult> {
  constructor(
    private readonly writer: CommandWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ request, caller, expectedRevision }: PublishCalendarYearMessage): Promise<PublicationResult> {
    // The year's own revision, not the stream's: publishing 2027 leaves an If-Match on 2026 good.
    const condition = {
      expected: expectedRevision,
      revisionOf: (state: CalendarPublicationState) => state.years[request.year]?.revision ?? 0,
    };
    const result = await this.writer.publish(CALENDAR_STREAM_ID, calendarPublicationDecider, request, caller, condition);
    const appended = result.events.at(-1);
    const { revision, position } = appended ? { ...appended.data, position: String(result.position) } : await this.inForce(request.year);
    return { version: `${request.year}:${adminCalendarSource(revision)}`, position, revision };
  }

  /** The year's publication in force: the latest event of that year (the stream holds every year's). */
  private async inForce(year: number): Promise<{ revision: number; position: string }> {
    const latest = (await this.store.readStream(CALENDAR_STREAM_ID))
      .filter((e) => (e.data as CalendarYearPublished['data']).year === year)
      .at(-1);
    if (!latest) throw new Error(`${CALENDAR_STREAM_ID}: nothing appended and no publication of ${year} in force`);
    return { revision: (latest.data as CalendarYearPublished['data']).revision, position: String(latest.position) };
  }
}

/**
 * Publishes the policy on the time-limits stream. Each event on it is one revision, so the revision
 * in force is the stream's version.
 */
@CommandHandler(PublishTimeLimitPolicyMessage)
export class PublishTimeLimitPolicyHandler implements ICommandHandler<PublishTimeLimitPolicyMessage, PublicationResult> {
  constructor(
    private readonly writer: CommandWriter,
    private readonly openCases: OpenCases,
    private readonly streams: ConfigurationStreams,
  ) {}

  async execute({ request, caller, expectedRevision }: PublishTimeLimitPolicyMessage): Promise<PublicationResult> {
    // A stale If-Match is told before the open cases are counted: counting waits for the case list,
    // up to a 503 while it is behind, and the 412 does not depend on it. The decision checks the
    // revision again (a publication may land meanwhile).
    if (expectedRevision !== undefined) {
      const { version } = await this.streams.read(TIME_LIMITS_STREAM_ID);
      if (version !== expectedRevision) throw publicationMoved(expectedRevision, version);
    }
    const command = { ...request, openCasesByCategory: await this.openCases.byCategory() };
    const condition = { expected: expectedRevision, revisionOf: streamRevision };
    const { version, position } = await this.writer.publish(TIME_LIMITS_STREAM_ID, timeLimitPublicationDecider, command, caller, condition);
    return { version: timeLimitsVersion(version), position: String(position), revision: version };
  }
}
