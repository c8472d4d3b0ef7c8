/**
 * A test's event log: a fresh database with an event store over it, and events written to it the
 * way a test wants them (type and data, and whatever of the envelope it cares about), returning
 * once readers of the global log can see them. Case events come from test/support/case-events.ts;
 * read models are built with test/support/projection-kit.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { CASE_EVENT_SCHEMA_VERSIONS, caseStreamId } from '@app/domain';
import { PostgresEventStore, type EventMetadata, type EventStore, type NewEvent, type PostgresEventStoreOptions } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from './test-database';
import { waitUntil } from './wait';

// ── events ──────────────────────────────────────────────────────────────────────────────────────

/** An event as a test writes it: type and data, and whatever of the envelope it cares about. */
export interface TestEvent {
  type: string;
  data: unknown;
  eventId?: string;
  schemaVersion?: number;
  metadata?: Partial<EventMetadata>;
}

const DEFAULT_METADATA: Omit<EventMetadata, 'correlationId'> = {
  actorId: 'intake-wang',
  role: 'intake',
  unitId: null,
  occurredAt: '2026-09-24T01:30:00.000Z',
};

/** The event with this envelope metadata (who did it, when it happened), over what it already has. */
export const withMetadata = (event: TestEvent, metadata: Partial<EventMetadata>): TestEvent => ({
  ...event,
  metadata: { ...event.metadata, ...metadata },
});

/** The event as written before `field` of its data existed: the read side must still read it. */
export function asWrittenBefore<E extends { type: string; data: object }>(field: keyof E['data'] & string, event: E): TestEvent {
  const data: Record<string, unknown> = { ...event.data };
  delete data[field];
  return { ...event, data };
}

/**
 * The envelopes of `events` as the store takes them: fresh ids unless given, schema versions those
 * of the case events today (1 for other types), and the metadata of an intake clerk unless given.
 */
export function newEvents(events: readonly TestEvent[], metadata: Partial<EventMetadata> = {}): NewEvent[] {
  return events.map((event) => ({
    eventId: event.eventId ?? randomUUID(),
    type: event.type,
    schemaVersion: event.schemaVersion ?? (CASE_EVENT_SCHEMA_VERSIONS as Record<string, number>)[event.type] ?? 1,
    data: event.data,
    metadata: { ...DEFAULT_METADATA, correlationId: randomUUID(), ...metadata, ...event.metadata },
  }));
}

/**
 * Appends events to one stream and returns once readers of the global log can see them: a reader
 * only sees events below the oldest transaction still running in the whole cluster, and test files
 * run in parallel on one cluster.
 */
export async function appendVisible(
  store: EventStore,
  streamId: string,
  events: readonly TestEvent[],
  metadata: Partial<EventMetadata> = {},
): Promise<{ position: bigint; eventIds: string[] }> {
  const envelopes = newEvents(events, metadata);
  const { position } = await store.appendToStream(streamId, envelopes, { expectedVersion: 'any' });
  await waitUntilVisible(store, position);
  return { position, eventIds: envelopes.map((e) => e.eventId) };
}

/** Appends events to the stream of case `caseId`, visible to readers of the log on return. */
export const appendToCase = (store: EventStore, caseId: string, ...events: TestEvent[]) =>
  appendVisible(store, caseStreamId(caseId), events);

/**
 * Waits until the event at `position` can be read from the global log: the PostgreSQL store shows it
 * once every older transaction of the cluster has ended (another test file's, too). Throws when it
 * does not within `timeoutMs`: a test that went on regardless would assert on a log it cannot see.
 */
export async function waitUntilVisible(store: EventStore, position: bigint, timeoutMs = 10_000): Promise<void> {
  await waitUntil(async () => (await store.readAll({ after: position - 1n, limit: 1 })).length > 0, {
    timeoutMs,
    intervalMs: 25,
    failure: `the event at position ${position} was not visible in the log within ${timeoutMs} ms (a transaction older than it is still open)`,
  });
}

// ── the database ────────────────────────────────────────────────────────────────────────────────

export interface EventStoreDatabase {
  readonly pool: Pool;
  readonly url: string;
  readonly store: PostgresEventStore;
}

/**
 * A fresh database (cloned from the run's migrated template) with an event store over it, made
 * before each test (or once for the file, `per: 'file'`) and dropped after. Call it in a describe
 * block; read `pool`, `url` and `store` inside the tests and hooks.
 */
export function useEventStoreDatabase(
  options: { per?: 'test' | 'file'; store?: PostgresEventStoreOptions } = {},
): EventStoreDatabase & { /** The same database as the application's role, cases_app (test-database.ts). */ readonly appUrl: string } {
  let current: { db: TestDatabase; store: PostgresEventStore } | undefined;
  const [setUp, tearDown] = options.per === 'file' ? [beforeAll, afterAll] : [beforeEach, afterEach];
  setUp(async () => {
    const db = await createTestDatabase();
    current = { db, store: new PostgresEventStore(db.pool, db.url, options.store) };
  });
  tearDown(async () => {
    await current?.store.close();
    await current?.db.drop();
    current = undefined;
  });
  const now = () => {
    if (!current) throw new Error('useEventStoreDatabase: read pool, url and store inside a test or hook');
    return current;
  };
  return {
    get pool() {
      return now().db.pool;
    },
    get url() {
      return now().db.url;
    },
    get appUrl() {
      return now().db.appUrl;
    },
    get store() {
      return now().store;
    },
  };
}
