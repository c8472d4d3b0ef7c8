import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { adminCalendarSource, CALENDAR_STREAM_ID, type CalendarYearPublished, type PublishCalendarYear } from '@app/domain';
import { decideAndAppendRetrying, EVENT_STORE, eventMetadata, type EventStore } from '@app/event-store';
import { CLOCK, type Clock } from '@app/platform';
import type { CallerCommand } from '../common/command-message';
import type { RequestContext } from '../common/request-context';
import type { PublicationResult } from './admin.dto';
import { calendarStreamDecider } from './config-streams';

/** An admin's publication of one year's official holidays and make-up working days. */
export class PublishCalendarYearMessage extends Command<PublicationResult> {
  constructor(
    readonly request: CallerCommand<PublishCalendarYear>,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

/**
 * Publishes a year on the calendar stream. No If-Match: a publication replaces the year whole,
 * whatever the admin saw, so one landing in between is simply decided again on top of it. The same
 * year again appends nothing and answers with the year's publication in force. A broken rule throws
 * the decider's DomainError and appends nothing.
 */
@CommandHandler(PublishCalendarYearMessage)
export class PublishCalendarYearHandler implements ICommandHandler<PublishCalendarYearMessage, PublicationResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ request, caller }: PublishCalendarYearMessage): Promise<PublicationResult> {
    const at = this.clock.now().toISOString();
    const result = await decideAndAppendRetrying(
      this.store,
      CALENDAR_STREAM_ID,
      calendarStreamDecider,
      { ...request, at },
      {
        metadata: eventMetadata(caller, at),
      },
    );
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
