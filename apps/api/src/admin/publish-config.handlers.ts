import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  CALENDAR_STREAM_ID,
  TIME_LIMITS_STREAM_ID,
  adminCalendarSource,
  timeLimitsVersion,
  type PublishCalendarYear,
  type PublishTimeLimitPolicy,
} from '@app/domain';
import {
  decideAndAppendRetrying,
  EVENT_STORE,
  type DomainEvent,
  type EventMetadata,
  type EventStore,
  type StreamDecider,
} from '@app/event-store';
import type { PublicationResult } from './admin.dto';
import { calendarStreamDecider, timeLimitStreamDecider } from './config-streams';

/** Who publishes, for the event's metadata. */
export interface Publisher {
  actorId: string;
  correlationId: string;
}

export class PublishCalendarYearCommand extends Command<PublicationResult> {
  constructor(
    readonly command: PublishCalendarYear,
    readonly publisher: Publisher,
  ) {
    super();
  }
}

export class PublishTimeLimitPolicyCommand extends Command<PublicationResult> {
  constructor(
    readonly command: PublishTimeLimitPolicy,
    readonly publisher: Publisher,
  ) {
    super();
  }
}

/**
 * Publishing needs no If-Match: the command does not depend on what the admin saw (a publication
 * replaces the year or the policy whole), so a concurrent publication is simply decided again on
 * top of it. Rejected commands throw the decider's DomainError and append nothing.
 */
@CommandHandler(PublishCalendarYearCommand)
export class PublishCalendarYearHandler implements ICommandHandler<PublishCalendarYearCommand, PublicationResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ command, publisher }: PublishCalendarYearCommand): Promise<PublicationResult> {
    const { revision, position } = await publish(
      this.store,
      CALENDAR_STREAM_ID,
      calendarStreamDecider,
      command,
      publisher,
      (data) => data.year === command.year,
    );
    return { version: `${command.year}:${adminCalendarSource(revision)}`, position, revision };
  }
}

@CommandHandler(PublishTimeLimitPolicyCommand)
export class PublishTimeLimitPolicyHandler implements ICommandHandler<PublishTimeLimitPolicyCommand, PublicationResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ command, publisher }: PublishTimeLimitPolicyCommand): Promise<PublicationResult> {
    const { revision, position } = await publish(this.store, TIME_LIMITS_STREAM_ID, timeLimitStreamDecider, command, publisher, () => true);
    return { version: timeLimitsVersion(revision), position, revision };
  }
}

type Publication = DomainEvent & { data: { revision: number } };

/**
 * Decides and appends; when the decision is "already in force" (a repeated PUT, nothing appended),
 * answers with the publication in force: the latest event for which `sameSubject` holds.
 */
async function publish<C extends { at: string }, E extends Publication, S>(
  store: EventStore,
  streamId: string,
  decider: StreamDecider<C, E, S>,
  command: C,
  publisher: Publisher,
  sameSubject: (data: E['data']) => boolean,
): Promise<{ revision: number; position: string }> {
  const metadata: EventMetadata = {
    actorId: publisher.actorId,
    correlationId: publisher.correlationId,
    role: 'admin',
    unitId: null,
    occurredAt: command.at,
  };
  const result = await decideAndAppendRetrying(store, streamId, decider, command, { metadata });
  const appended = result.events.at(-1);
  if (appended) return { revision: appended.data.revision, position: String(result.position) };
  const inForce = (await store.readStream(streamId)).filter((e) => sameSubject(e.data as E['data'])).at(-1);
  if (!inForce) throw new Error(`${streamId}: nothing appended and no publication in force`);
  return { revision: (inForce.data as E['data']).revision, position: String(inForce.position) };
}
