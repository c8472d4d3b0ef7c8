import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, eventMetadata, type AppendOptions, type EventStore } from '@app/event-store';
import { CLOCK, type Clock } from '@app/platform';
import type { RequestContext } from '../common/request-context';

/** An access event as recorded: its id and the instant it happened. */
export interface RecordedAccess {
  eventId: string;
  occurredAt: string;
  /** Its global position (decimal string): `?after=` for the audit log. */
  position: string;
}

/** An access event of the domain's (ComplainantIdentityRead, RaiserIdentityRead …): never the identity itself. */
export interface AccessEvent {
  type: string;
  data: object;
}

/**
 * The access log of sealed identities: one stream per case (`complainant-access-<case>`) or finding
 * (`raiser-access-<finding>`), appended to whatever it holds (reads do not race each other for a
 * version), with the caller and the clock's now in the metadata. The audit read model follows every
 * stream, so the discipline office lists these events in the audit log
 * (`GET /api/v1/audit/events?type=ComplainantIdentityRead`, `RaiserIdentityRead`).
 */
@Injectable()
export class IdentityAccessLog {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  now(): string {
    return this.clock.now().toISOString();
  }

  async record(
    streamId: string,
    event: AccessEvent,
    schemaVersion: number,
    caller: RequestContext,
    alongside?: AppendOptions['alongside'],
  ): Promise<RecordedAccess> {
    const occurredAt = this.now();
    const eventId = randomUUID();
    const { position } = await this.store.appendToStream(
      streamId,
      [{ eventId, type: event.type, schemaVersion, data: event.data, metadata: eventMetadata(caller, occurredAt) }],
      { expectedVersion: 'any', alongside },
    );
    return { eventId, occurredAt, position: position.toString() };
  }
}
