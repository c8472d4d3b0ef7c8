import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { CASE_EVENT_SCHEMA_VERSIONS } from '@app/domain';
import type { EventMetadata, EventStore } from '@app/event-store';
import { ProjectionRunner, rebuildProjection, type Projection } from '@app/projections';

/** An event a projection test writes: type and data, and whatever of the envelope it cares about. */
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

/**
 * Appends events to one stream and returns once readers of the global log can see them: a reader
 * only sees events below the oldest transaction still running in the whole cluster, and test files
 * run in parallel on one cluster. Schema versions default to the case events' current ones.
 */
export async function appendVisible(
  store: EventStore,
  streamId: string,
  events: readonly TestEvent[],
  metadata: Partial<EventMetadata> = {},
): Promise<{ position: bigint; eventIds: string[] }> {
  const eventIds = events.map((e) => e.eventId ?? randomUUID());
  const { position } = await store.appendToStream(
    streamId,
    events.map((event, i) => ({
      eventId: eventIds[i],
      type: event.type,
      schemaVersion: event.schemaVersion ?? (CASE_EVENT_SCHEMA_VERSIONS as Record<string, number>)[event.type] ?? 1,
      data: event.data,
      metadata: { ...DEFAULT_METADATA, correlationId: randomUUID(), ...metadata, ...event.metadata },
    })),
    { expectedVersion: 'any' },
  );
  await waitUntilVisible(store, position);
  return { position, eventIds };
}

export async function waitUntilVisible(store: EventStore, position: bigint, timeoutMs = 5_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 25))) {
    if ((await store.readAll({ after: position - 1n, limit: 1 })).length > 0) return;
  }
}

/** Builds the read model the first time, then applies what the log has beyond its checkpoint, as the live runner does. */
export async function project(pool: Pool, store: EventStore, projection: Projection): Promise<void> {
  const {
    rows: [checkpoint],
  } = await pool.query(`SELECT position::text FROM projection_checkpoints WHERE name = $1`, [projection.name]);
  if (!checkpoint) return void (await rebuildProjection(pool, store, projection));
  const after = checkpoint.position === null ? undefined : BigInt(checkpoint.position);
  const events = await store.readAll({ after, limit: 10_000, filter: { streamPrefixes: projection.streamPrefixes } });
  await new ProjectionRunner(pool, store, projection).applyBatch(events);
}

/** An ordered hash of every table (view) of the projection: equal hashes, equal contents. */
export async function readModelHash(pool: Pool, projection: Projection): Promise<string> {
  const hashes: string[] = [];
  for (const table of projection.tables) {
    const { rows } = await pool.query(
      `SELECT count(*) AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${table.name} t`,
    );
    hashes.push(`${table.name}=${rows[0].n}:${rows[0].h}`);
  }
  return hashes.join(' ');
}
