import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TIME_LIMITS_STREAM_ID, timeLimitsVersion, type PublishTimeLimitPolicy } from '@app/domain';
import { decideAndAppendRetrying, EVENT_STORE, eventMetadata, type EventStore } from '@app/event-store';
import { CLOCK, type Clock } from '@app/platform';
import type { CallerCommand } from '../common/command-message';
import type { RequestContext } from '../common/request-context';
import type { PublicationResult } from './admin.dto';
import { timeLimitStreamDecider } from './config-streams';

/** An admin's publication of the time-limit policy (办理时限): categories, sign-for, urgency overrides. */
export class PublishTimeLimitPolicyMessage extends Command<PublicationResult> {
  constructor(
    readonly request: CallerCommand<PublishTimeLimitPolicy>,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

/**
 * Publishes the policy on the time-limits stream. No If-Match: a publication replaces the policy
 * whole, so one landing in between is simply decided again on top of it. The same policy again
 * appends nothing and answers with the one in force: each event on the stream is one revision, so
 * the revision in force is the stream's version. A broken rule throws the decider's DomainError.
 */
@CommandHandler(PublishTimeLimitPolicyMessage)
export class PublishTimeLimitPolicyHandler implements ICommandHandler<PublishTimeLimitPolicyMessage, PublicationResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ request, caller }: PublishTimeLimitPolicyMessage): Promise<PublicationResult> {
    const at = this.clock.now().toISOString();
    const result = await decideAndAppendRetrying(
      this.store,
      TIME_LIMITS_STREAM_ID,
      timeLimitStreamDecider,
      { ...request, at },
      {
        metadata: eventMetadata(caller, at),
      },
    );
    return { version: timeLimitsVersion(result.version), position: String(result.position), revision: result.version };
  }
}
