import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, eventMetadata, type AppendOptions, type EventStore, type ExpectedVersion } from '@app/event-store';
import { CLOCK, type Clock } from '@app/platform';
import type { RequestContext } from '../common/request-context';
import type { StoredPerson } from './sealed-people';

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

/** A read of an identity as recorded: the access event appended, and the person when it disclosed one. */
export interface RecordedRead<E, T> {
  read: E;
  identity: T | null;
  access: RecordedAccess;
}

/**
 * The access log of sealed identities: one stream per case (`complainant-access-<case>`) or finding
 * (`raiser-access-<finding>`), appended to whatever it holds (reads do not race each other for a
 * version; a query code's reissue names the version it read, ReissueQueryCodeHandler), with the
 * caller and the clock's now in the metadata. The audit read model follows every
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
    { expectedVersion = 'any', alongside }: { expectedVersion?: ExpectedVersion; alongside?: AppendOptions['alongside'] } = {},
  ): Promise<RecordedAccess> {
    const occurredAt = this.now();
    const eventId = randomUUID();
    const { position } = await this.store.appendToStream(
      streamId,
      [{ eventId, type: event.type, schemaVersion, data: event.data, metadata: eventMetadata(caller, occurredAt) }],
      { expectedVersion, alongside },
    );
    return { eventId, occurredAt, position: position.toString() };
  }

  /**
   * A read of a sealed identity, as decided by the domain (`decided`: its access event, `disclosed`
   * when the person may be shown): the person is opened first, so the event says what the caller
   * actually gets (`unavailable` when the store has none to open), and the event is appended before
   * anything is answered — if it cannot be, nothing is disclosed. Complainants and raisers alike.
   */
  async recordRead<E extends AccessEvent & { data: { outcome: string } }, T>(
    streamId: string,
    decided: E,
    schemaVersion: number,
    caller: RequestContext,
    open: () => Promise<StoredPerson<T>>,
  ): Promise<RecordedRead<E, T>> {
    const stored = decided.data.outcome === 'disclosed' ? await open() : null;
    const read = stored && stored.state !== 'present' ? ({ ...decided, data: { ...decided.data, outcome: 'unavailable' } } as E) : decided;
    const access = await this.record(streamId, read, schemaVersion, caller);
    return { read, identity: stored?.state === 'present' ? stored.identity : null, access };
  }
}
