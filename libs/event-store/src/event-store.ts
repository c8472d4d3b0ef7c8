import type { PoolClient } from 'pg';

/**
 * The EventStore port: the only way the rest of the system reads or writes history.
 *
 * Two adapters implement it (PostgreSQL, KurrentDB) and one contract suite
 * (`contract/event-store.contract.ts`) holds both to the same behaviour.
 *
 * Conventions shared by every adapter:
 * - A stream's version counts its events: an empty/absent stream has version 0, its first event
 *   has stream version 1. (KurrentDB's zero-based revision r is our version r + 1.)
 * - A global position is an opaque, strictly increasing `bigint` in subscription order. Positions
 *   are sparse: compare them, never do arithmetic on them.
 */

/** Who did it, on whose behalf, and why: recorded with every event. */
export interface EventMetadata {
  actorId: string;
  role: string;
  unitId?: string | null;
  correlationId: string;
  causationId?: string | null;
  /** When the fact happened in the domain (ISO-8601); recordedAt is when the store took it. */
  occurredAt: string;
}

/** An event as a writer hands it to the store. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  /** Client-chosen uuid; appending the same id to the same stream again appends nothing. */
  eventId: string;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
}

/** An event as the store hands it back. */
export interface EventEnvelope<Type extends string = string, Data = unknown> {
  eventId: string;
  streamId: string;
  streamVersion: number;
  position: bigint;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  /** ISO-8601 instant (milliseconds, UTC) at which the store recorded the event. */
  recordedAt: string;
  /**
   * The event's link in its stream's hash chain (hex SHA-256, see integrity/event-hash.ts). Absent
   * only on KurrentDB events appended before the chain existed.
   */
  hash?: string;
}

/**
 * What the writer believes about the stream before appending:
 * a version number (the stream has exactly that many events), `'no_stream'`,
 * `'stream_exists'` (at least one event), or `'any'` (no check).
 */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

/** A stream at a version: one a decision was made on (AppendOptions.decidedOn). */
export interface StreamVersion {
  streamId: string;
  /** Its number of events when read (0: no such stream). */
  version: number;
}

/**
 * At most this many streams in AppendOptions.decidedOn: a bound on the check, well above what a
 * command reads (a rectification plan's 50 measures name at most 50 units).
 */
export const MAX_DECIDED_ON = 100;

/**
 * An event a decision looked for in the global log and did not find (AppendOptions.decidedOnLog):
 * its type, and what its data contains, as PostgreSQL's jsonb `@>` reads it (every key given, with
 * its value; an array given is contained when each of its elements is in some element of the
 * event's array): `{ type: 'FindingRaised', dataContains: { unitId: 'dept-market' } }`.
 */
export interface EventPattern {
  type: string;
  dataContains: Record<string, unknown>;
}

/** What a decision read of the global log: every event up to `position`, looking for events like `absent`. */
export interface LogRead {
  /** A position of the global log read once it had settled: every event at or before it was seen. */
  position: bigint;
  absent: readonly EventPattern[];
}

/** At most this many patterns in AppendOptions.decidedOnLog. */
export const MAX_LOG_PATTERNS = 20;

/** The stream StreamMoved names when the global log moved under a decision (AppendOptions.decidedOnLog). */
export const GLOBAL_LOG = '$all';

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  /**
   * Other streams the decision was made on, at the versions the writer read them: the append
   * commits only if each is still at that version; otherwise StreamMoved, and nothing is written.
   * What lets a command decide on configuration held in memory without asking the log for its
   * versions first (apps/api/src/common/configuration-streams.ts). A retry that finds its events
   * already stored is not refused: they were checked when first appended.
   * - PostgreSQL checks them in the append's own statement, after the event is inserted under the
   *   stream's lock; a failed check rolls the statement back (`expect_stream_versions`, migration
   *   1764800000400).
   * - KurrentDB cannot check another stream in an append: it reads each one's last event first,
   *   one read per stream, so a change landing between those reads and the append goes unseen.
   */
  decidedOn?: readonly StreamVersion[];
  /**
   * What the decision read of the global log rather than of a stream (a retiring unit's open cases,
   * findings and child units: docs/rules.md#unit-registry): the append commits only if no event like
   * those it found absent has been appended by another stream after the position it read through;
   * otherwise StreamMoved on GLOBAL_LOG, and nothing is written. The writers of such events that
   * confirm the appended stream (their decidedOn names it) and are still open are waited for, so
   * against them the check is exact; one that comes later finds the stream moved.
   * - PostgreSQL checks it in the append's own statement, after the events are inserted under the
   *   stream's lock (`expect_no_events_since`, migration 1765200000100).
   * - KurrentDB reads the log after that position first, so an event landing between that read and
   *   the append goes unseen.
   */
  decidedOnLog?: LogRead;
  /**
   * The caller's own rows that belong to these events: committed with them or not at all (the
   * complainant's encrypted identity with ComplaintFiled; docs/rules.md#complainant-confidentiality).
   * It runs only when the events are newly appended, never for a retry that finds them stored.
   * - PostgreSQL runs it in the append's own database transaction, after the events are inserted,
   *   on that transaction's connection: if it throws, nothing is appended.
   * - KurrentDB cannot share a transaction with PostgreSQL: it runs it with `null` once the append
   *   is acknowledged (write with the pool). A crash in between leaves the events without the rows,
   *   never the rows without their events.
   */
  alongside?: (transaction: AppendTransaction | null) => Promise<void>;
  /**
   * The same rows as `alongside` writes, as one SQL statement, for a store that can run it inside
   * the append's own round trip: PostgreSQL then runs this instead of `alongside`, in the append's
   * statement (append_to_stream_with_rows: no BEGIN, no COMMIT, no separate INSERT). A store that
   * cannot (KurrentDB) calls `alongside`. The caller gives both and writes its rows with the same
   * SQL in each, so they cannot differ.
   */
  alongsideStatement?: AlongsideStatement;
}

/** Rows written with an append in its own statement (AppendOptions.alongsideStatement). */
export interface AlongsideStatement {
  /** One SQL statement whose only parameter, `$1`, is `args` as a jsonb array. */
  sql: string;
  args: readonly unknown[];
  /** Called once the rows are written with newly appended events; not for a retry that found its events stored. */
  written: () => void;
}

/** The database connection of an append's transaction, as `alongside` is given it (PostgreSQL). */
export type AppendTransaction = Pick<PoolClient, 'query'>;

export interface AppendResult {
  /** The stream's version after the append (= the stream version of its last event). */
  nextVersion: number;
  /** Global position of the last event appended. */
  position: bigint;
}

export interface ReadStreamOptions {
  /** First stream version to return (inclusive); default 1. */
  fromVersion?: number;
  maxCount?: number;
}

/**
 * Server-side filter for the global log. One kind at a time, because KurrentDB filters either on
 * event type or on stream name, never both in one subscription.
 */
export type EventFilter =
  { eventTypes: readonly string[]; streamPrefixes?: never } | { streamPrefixes: readonly string[]; eventTypes?: never };

export interface ReadAllOptions {
  /** Return only events after this position (exclusive); default: from the beginning. */
  after?: bigint;
  /** Maximum events to return; default 1000. */
  limit?: number;
  filter?: EventFilter;
}

export interface BacklogOptions {
  /** What the reader has read: only events after this position count (default: from the beginning). */
  after?: bigint;
  filter?: EventFilter;
  /** Count at most this many. */
  limit: number;
}

/**
 * What a reader at `after` still has to read, counted without reading it (lag reports). Unlike
 * `readAll` and `head`, it counts every committed event, also those readers cannot see yet
 * (PostgreSQL: above the visibility horizon): those are what the reader is waiting for.
 */
export interface Backlog {
  /** The last committed event matching the filter (null: none). */
  headPosition: bigint | null;
  /** The first committed event after `after`: when it was recorded tells how long the reader is behind (null: none). */
  next: { position: bigint; recordedAt: string } | null;
  /** Committed events after `after`, counted up to the limit. */
  count: number;
}

/**
 * Events committed but not yet visible to any reader. In PostgreSQL readers see only the events of
 * transactions below the visibility horizon (see the event-store migration), and any transaction
 * open with a transaction id in any database of the server holds that horizon back.
 */
export interface HeldBack {
  /** Committed events readers cannot see yet, counted up to the limit. */
  events: number;
  /** When the oldest of them was recorded (ISO-8601; null: none). */
  oldestRecordedAt: string | null;
  /** The open transaction holding the horizon, if there are events held back and one could be found. */
  holder: HorizonHolder | null;
}

/**
 * The server session (or prepared transaction) with the oldest open transaction id. PostgreSQL shows
 * its process, database, role and application to everyone; what it is doing and since when only to
 * superusers and members of pg_read_all_stats (else null).
 */
export interface HorizonHolder {
  /** Server process id (null: a prepared transaction, which has none). */
  pid: number | null;
  database: string | null;
  user: string | null;
  applicationName: string | null;
  /** pg_stat_activity's state, e.g. `idle in transaction`; `prepared` for a prepared transaction. */
  state: string | null;
  /** When its transaction began (ISO-8601). */
  transactionStartedAt: string | null;
}

export interface SubscribeOptions {
  /** Deliver events after this position (exclusive): the consumer's own checkpoint. */
  after?: bigint;
  filter?: EventFilter;
}

/**
 * A catch-up-then-live stream of events in global order. Iterate it with `for await`; the consumer
 * stores the position of what it has processed and passes it as `after` on restart.
 */
export interface Subscription extends AsyncIterable<EventEnvelope> {
  /** Stop delivering; a pending `for await` finishes. Idempotent. */
  close(): Promise<void>;
}

/**
 * A stream at a version: as far as a reader has read it (the version of the last event read), or
 * where one of its events stands.
 */
export interface StreamAt {
  streamId: string;
  version: number;
}

export interface EventStore {
  /** Append events to one stream atomically, checking the expected version. */
  appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** Read one stream forwards; an absent stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<EventEnvelope[]>;
  /**
   * The events standing at these versions of their streams, in the order asked; a version holding
   * no event is left out. How the audit history (projections/audit) shows the events its rows
   * name without keeping a second copy of each: the log itself answers, chain hash included.
   */
  readEvents(at: readonly StreamAt[]): Promise<EventEnvelope[]>;
  /** Read the global log forwards from a position, in subscription order. */
  readAll(options?: ReadAllOptions): Promise<EventEnvelope[]>;
  /** The last event of the visible global log (matching `filter`), or null: how far the log has got. */
  head(options?: { filter?: EventFilter }): Promise<EventEnvelope | null>;
  /** How much a reader at a position still has to read: counted, not read (lag reports, cheap at any log size). */
  backlog(options: BacklogOptions): Promise<Backlog>;
  /** Committed events no reader can see yet, counted up to `limit`; null for a store without a visibility horizon (KurrentDB). */
  heldBack(options: { limit: number }): Promise<HeldBack | null>;
  /** Catch up from a position, then follow new events live. */
  subscribe(options?: SubscribeOptions): Subscription;
  /**
   * Where each stream goes on: the global position of its event after `version` (absent: none yet).
   * Optional, a hint for a rebuild, which keeps the rows it will need soonest across its batches
   * (projections/runner/row-cache.ts); without it a rebuild keeps those it used last.
   */
  nextPositions?(streams: readonly StreamAt[]): Promise<Map<string, bigint>>;
  /** Throws if the store cannot be reached; used by the health check. */
  ping(): Promise<void>;
  /** Release connections and end open subscriptions. */
  close(): Promise<void>;
}

/** Nest injection token for the EventStore port. */
export const EVENT_STORE = Symbol('EVENT_STORE');
