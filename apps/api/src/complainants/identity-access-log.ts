import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  eventMetadata,
  StreamMoved,
  type AppendOptions,
  type EventStore,
  type ExpectedVersion,
  type StreamVersion,
} from '@app/event-store';
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

/** Reads of an identity whose case or finding moved under them are decided again so often, then 409. */
const READ_ATTEMPTS = 3;

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
    {
      expectedVersion = 'any',
      alongside,
      decidedOn,
    }: { expectedVersion?: ExpectedVersion; alongside?: AppendOptions['alongside']; decidedOn?: AppendOptions['decidedOn'] } = {},
  ): Promise<RecordedAccess> {
    const occurredAt = this.now();
    const eventId = randomUUID();
    const { position } = await this.store.appendToStream(
      streamId,
      [{ eventId, type: event.type, schemaVersion, data: event.data, metadata: eventMetadata(caller, occurredAt) }],
      { expectedVersion, alongside, decidedOn },
    );
    return { eventId, occurredAt, position: position.toString() };
  }

  /**
   * A read of a sealed identity, as decided by the domain (`decided`: its access event, `disclosed`
   * when the person may be shown) on its subject's stream at the version loaded (`subject`: the case
   * or the finding): the person is opened first, so the event says what the caller actually gets
   * (`unavailable` when the store has none to open), and the event is appended before anything is
   * answered — if it cannot be, nothing is disclosed. Complainants and raisers alike.
   *
   * The append commits only if the subject has not moved since it was loaded (AppendOptions.decidedOn:
   * on PostgreSQL checked in the append's statement, waiting for an append to it still open; KurrentDB
   * reads it just before, so an erasure between the two goes unseen there): an erasure committed
   * meanwhile makes it throw StreamMoved, nothing recorded or answered, and the caller decides again
   * on the subject read anew (`readAgain`). Without it, a read racing an erasure answered `unavailable` beside
   * `erased: false`, and its access event could follow the erasure in the log while saying
   * `disclosed`.
   *
   * Locks: the access stream's, then the subject's shared. No writer may hold a subject's lock and
   * then append to its access stream in one transaction (none does: an erasure writes the key row,
   * a reissue names no subject), or the two could deadlock.
   */
  async recordRead<E extends AccessEvent & { data: { outcome: string } }, T>(
    streamId: string,
    decided: E,
    subject: StreamVersion,
    schemaVersion: number,
    caller: RequestContext,
    open: () => Promise<StoredPerson<T>>,
  ): Promise<RecordedRead<E, T>> {
    const stored = decided.data.outcome === 'disclosed' ? await open() : null;
    const read = stored && stored.state !== 'present' ? ({ ...decided, data: { ...decided.data, outcome: 'unavailable' } } as E) : decided;
    const access = await this.record(streamId, read, schemaVersion, caller, { decidedOn: [subject] });
    return { read, identity: stored?.state === 'present' ? stored.identity : null, access };
  }

  /** `attempt` again while its subject moved under it (recordRead), so often, then StreamMoved (409). */
  async readAgain<R>(attempt: () => Promise<R>): Promise<R> {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof StreamMoved) || tries >= READ_ATTEMPTS) throw error;
      }
    }
  }
}
