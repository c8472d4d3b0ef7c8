import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  MaxAppendSizeExceededError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendResult as ClientAppendResult,
  type CurrentStreamState,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import type {
  AppendOptions,
  AppendResult,
  Backlog,
  BacklogOptions,
  EventEnvelope,
  EventFilter,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StreamAt,
  StreamVersion,
  SubscribeOptions,
  Subscription,
} from '../event-store';
import { GLOBAL_LOG, type LogRead } from '../event-store';
import { jsonContains } from '../json-contains';
import { EventIdConflict, InvalidAppend, StreamMoved, WrongExpectedVersion } from '../errors';
import { validateAppend } from '../validate-append';
import {
  actualVersionFromState,
  commitOf,
  isSystemEvent,
  recordPosition,
  revisionToVersion,
  startAfter,
  toClientFilter,
  toEnvelope,
  toEventData,
  toStreamState,
  versionAllows,
} from './kurrentdb-mapping';
import { classifyStoredIds, type StoredEventRef, type StoredIdsVerdict } from '../stored-ids';
import { chainEvents, type StreamHead } from '../integrity/event-hash';
import { KurrentDbSubscription } from './kurrentdb-subscription';

const DEFAULT_READ_LIMIT = 1000;
/** Events read per page when checking AppendOptions.decidedOnLog. */
const LOG_CHECK_PAGE = 500;
const PING_TIMEOUT_MS = 5000;
/** Stream reads in flight at once for `readEvents`: KurrentDB has no read of many events by place. */
const READ_EVENTS_IN_FLIGHT = 16;

/** EventStore on KurrentDB (formerly EventStoreDB), over the gRPC client. */
export class KurrentDbEventStore implements EventStore {
  private readonly subscriptions = new Set<KurrentDbSubscription>();
  private closing: Promise<void> | undefined;

  constructor(private readonly client: KurrentDBClient) {}

  /**
   * KurrentDB deduplicates event ids only on a best-effort basis, and a retry with a number
   * expected version that already succeeded would come back as a wrong expected version. The port
   * promises an exact answer, so before appending we look for the ids in the stream ourselves, and
   * look again when the server rejects the expected version (a concurrent retry may have landed).
   * The look reads the stream backwards and stops once every id is found, so a retry costs a few
   * events, a new append one read of the stream (case streams are short).
   *
   * The same read gives the stream's head, which the new events are chained to (hash chain,
   * integrity/event-hash.ts). The append then expects exactly that head, so no other writer can slip
   * in between and fork the chain; when one does and the caller's expectation allows it (`any`,
   * `stream_exists`), the append is chained again to the new head and retried.
   *
   * `decidedOn` cannot be checked in the append itself (it writes one stream): each of those
   * streams' last event is read before it, once the append is known to be new.
   */
  async appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    validateAppend(streamId, events, options.expectedVersion, options.decidedOn, options.decidedOnLog);
    const expected = options.expectedVersion;
    const eventIds = events.map((e) => e.eventId);

    for (let attempt = 1; ; attempt++) {
      const { verdict, head } = await this.inspect(streamId, eventIds);
      if (verdict.kind !== 'new') return settle(streamId, verdict);
      if (!versionAllows(expected, head.version)) throw new WrongExpectedVersion(streamId, expected, head.version);
      if (attempt === 1) {
        await this.expectVersions(options.decidedOn ?? []);
        if (options.decidedOnLog) await this.expectNoneSince(streamId, options.decidedOnLog);
      }

      const chained = chainEvents(streamId, events, head, new Date().toISOString());
      let result: ClientAppendResult;
      try {
        result = await this.client.appendToStream(streamId, chained.map(toEventData), {
          streamState: toStreamState(head.version),
        });
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          if (rechainable(expected, attempt)) continue;
          return this.afterRejection(streamId, eventIds, expected, error.actualState);
        }
        if (error instanceof MaxAppendSizeExceededError) {
          throw new InvalidAppend(`Stream ${streamId}: append too large (max ${error.maxAppendSize} bytes)`);
        }
        throw error;
      }
      // Only when the connection string sets throwOnAppendFailure=false; the client's reported
      // revision is then unreliable, so the actual version is read back.
      if (!result.success) {
        if (rechainable(expected, attempt)) continue;
        return this.afterRejection(streamId, eventIds, expected, undefined);
      }

      const nextVersion = revisionToVersion(result.nextExpectedRevision);
      const position = commitOf(result.position) ?? (await this.positionOf(streamId, nextVersion));
      // No transaction spans KurrentDB and PostgreSQL: the caller's rows follow the acknowledged append.
      await options.alongside?.(null);
      return { nextVersion, position };
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    const fromVersion = Math.max(1, Math.ceil(options.fromVersion ?? 1));
    const maxCount = options.maxCount === undefined ? undefined : Math.floor(options.maxCount);
    if (maxCount !== undefined && maxCount <= 0) return [];
    const envelopes: EventEnvelope[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: FORWARDS,
        fromRevision: BigInt(fromVersion - 1),
        maxCount,
      });
      for await (const resolved of read) {
        if (resolved.event) envelopes.push(toEnvelope(resolved.event, resolved.commitPosition));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return envelopes;
  }

  /** A read of one event per place asked, at most READ_EVENTS_IN_FLIGHT at a time, kept in the order asked. */
  async readEvents(at: readonly StreamAt[]): Promise<EventEnvelope[]> {
    const found: (EventEnvelope | undefined)[] = new Array(at.length);
    let next = 0;
    const reader = async () => {
      while (next < at.length) {
        const i = next++;
        const { streamId, version } = at[i];
        if (!Number.isInteger(version) || version < 1) continue;
        const [event] = await this.readStream(streamId, { fromVersion: version, maxCount: 1 });
        if (event?.streamVersion === version) found[i] = event;
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_EVENTS_IN_FLIGHT, at.length) }, reader));
    return found.filter((event): event is EventEnvelope => event !== undefined);
  }

  /**
   * Pages through $all until `limit` events are collected or the log ends. KurrentDB reads from a
   * position inclusively, so a page starts at the last event already seen and skips it.
   */
  async readAll(options: ReadAllOptions = {}): Promise<EventEnvelope[]> {
    const limit = Math.floor(options.limit ?? DEFAULT_READ_LIMIT);
    const filter = toClientFilter(options.filter);
    if (limit <= 0 || filter === null) return [];

    const envelopes: EventEnvelope[] = [];
    let after = options.after;
    while (envelopes.length < limit) {
      const maxCount = limit - envelopes.length + (after === undefined ? 0 : 1);
      let received = 0;
      let last: bigint | undefined;
      const read = this.client.readAll({
        direction: FORWARDS,
        fromPosition: startAfter(after),
        maxCount,
        filter,
      });
      for await (const resolved of read) {
        received++;
        const position = positionOf(resolved);
        if (position === undefined || (after !== undefined && position <= after)) continue;
        last = position;
        if (resolved.event && !isSystemEvent(resolved.event)) {
          envelopes.push(toEnvelope(resolved.event, position));
          if (envelopes.length >= limit) break;
        }
      }
      if (received < maxCount || last === undefined) break;
      after = last;
    }
    return envelopes;
  }

  async head(options: { filter?: EventFilter } = {}): Promise<EventEnvelope | null> {
    const filter = toClientFilter(options.filter);
    if (filter === null) return null;
    // Backwards from the end; system events ($-prefixed) are not ours and are passed over.
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 100, filter })) {
      const position = positionOf(resolved);
      if (resolved.event && position !== undefined && !isSystemEvent(resolved.event)) return toEnvelope(resolved.event, position);
    }
    return null;
  }

  /** KurrentDB cannot count: the events are read (up to the limit), as they were before the port had this. */
  async backlog(options: BacklogOptions): Promise<Backlog> {
    const [head, pending] = await Promise.all([
      this.head({ filter: options.filter }),
      this.readAll({ after: options.after, limit: options.limit, filter: options.filter }),
    ]);
    const next = pending[0];
    return {
      headPosition: head?.position ?? null,
      next: next ? { position: next.position, recordedAt: next.recordedAt } : null,
      count: pending.length,
    };
  }

  /** Every acknowledged event is readable at once: there is no horizon to hold back. */
  async heldBack(): Promise<null> {
    return null;
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    if (this.closing) throw new Error('The KurrentDB event store is closed');
    const { after } = options;
    const filter = toClientFilter(options.filter);
    const subscription = new KurrentDbSubscription(
      () => (filter === null ? null : this.client.subscribeToAll({ fromPosition: startAfter(after), filter })),
      after,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Reads the last event of $all; bounded in time so an unreachable server fails the check. */
  async ping(): Promise<void> {
    const read = (async () => {
      for await (const _ of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
        break;
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`KurrentDB did not answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
    });
    read.catch(() => undefined);
    try {
      await Promise.race([read, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.subscriptions].map((s) => s.close()));
      await this.client.dispose();
    })();
    return this.closing;
  }

  /**
   * Which of `eventIds` the stream already holds, read from its end until all are found, and the
   * stream's head (its last event's version and hash).
   */
  private async inspect(streamId: string, eventIds: readonly string[]): Promise<{ verdict: StoredIdsVerdict; head: StreamHead }> {
    const wanted = new Set(eventIds.map((id) => id.toLowerCase()));
    const stored = new Map<string, StoredEventRef>();
    let head: StreamHead | undefined;
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END })) {
        const record = resolved.event;
        if (!record) continue;
        head ??= { version: revisionToVersion(record.revision), hash: toEnvelope(record, resolved.commitPosition).hash ?? null };
        const id = record.id.toLowerCase();
        if (!wanted.has(id)) continue;
        stored.set(id, { version: revisionToVersion(record.revision), position: recordPosition(record, resolved.commitPosition) });
        if (stored.size === wanted.size) break;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return { verdict: classifyStoredIds(eventIds, stored), head: head ?? { version: 0, hash: null } };
  }

  /** The server refused the expected version: a retry, a conflict, or a genuine concurrency error. */
  private async afterRejection(
    streamId: string,
    eventIds: readonly string[],
    expected: ExpectedVersion,
    actualState: CurrentStreamState | undefined,
  ): Promise<AppendResult> {
    const { verdict } = await this.inspect(streamId, eventIds);
    if (verdict.kind !== 'new') return settle(streamId, verdict);
    const actual = actualState === undefined ? await this.currentVersion(streamId) : actualVersionFromState(actualState);
    throw new WrongExpectedVersion(streamId, expected, actual);
  }

  /** AppendOptions.decidedOn, checked before the append: one read of each stream's last event. */
  private async expectVersions(decidedOn: readonly StreamVersion[]): Promise<void> {
    const actual = await Promise.all(decidedOn.map((d) => this.currentVersion(d.streamId)));
    const moved = decidedOn.findIndex((d, i) => actual[i] !== d.version);
    if (moved >= 0) throw new StreamMoved(decidedOn[moved].streamId, decidedOn[moved].version, actual[moved]);
  }

  /** AppendOptions.decidedOnLog, checked before the append: the log after the position, read for the patterns' types. */
  private async expectNoneSince(streamId: string, read: LogRead): Promise<void> {
    const eventTypes = [...new Set(read.absent.map((p) => p.type))];
    for (let after = read.position; ;) {
      const page = await this.readAll({ after, limit: LOG_CHECK_PAGE, filter: { eventTypes } });
      const found = page.find(
        (e) => e.streamId !== streamId && read.absent.some((p) => p.type === e.type && jsonContains(e.data, p.dataContains)),
      );
      if (found) throw new StreamMoved(GLOBAL_LOG, Number(read.position), Number(found.position));
      if (page.length < LOG_CHECK_PAGE) return;
      after = page[page.length - 1].position;
    }
  }

  private async currentVersion(streamId: string): Promise<number> {
    const [last] = await this.lastEvents(streamId, END);
    return last?.event ? revisionToVersion(last.event.revision) : 0;
  }

  /** The position of the event at `version`, for an append result that came without one. */
  private async positionOf(streamId: string, version: number): Promise<bigint> {
    const [resolved] = await this.lastEvents(streamId, BigInt(version - 1));
    if (!resolved?.event) throw new Error(`KurrentDB: event ${version} of ${streamId} not found after appending it`);
    return recordPosition(resolved.event, resolved.commitPosition);
  }

  /** At most one event, read backwards from `from`. */
  private async lastEvents(streamId: string, from: bigint | typeof END): Promise<ResolvedEvent[]> {
    const events: ResolvedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: from, maxCount: 1 })) {
        events.push(resolved);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return events;
  }
}

/** Connects lazily: nothing is sent to the server before the first call. */
export function createKurrentDbEventStore(connectionString: string): KurrentDbEventStore {
  return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString));
}

/** Attempts at chaining an append to a head that other writers keep moving (`any`, `stream_exists`). */
const CHAIN_ATTEMPTS = 50;

/** Whether a rejected append may be chained to the new head and tried again. */
function rechainable(expected: ExpectedVersion, attempt: number): boolean {
  return (expected === 'any' || expected === 'stream_exists') && attempt < CHAIN_ATTEMPTS;
}

function settle(streamId: string, verdict: Exclude<StoredIdsVerdict, { kind: 'new' }>): AppendResult {
  if (verdict.kind === 'retry') return verdict.result;
  throw new EventIdConflict(streamId, verdict.eventIds);
}

function positionOf(resolved: AllStreamResolvedEvent): bigint | undefined {
  return commitOf(resolved.event?.position) ?? resolved.commitPosition;
}
