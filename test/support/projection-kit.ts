/**
 * The test kit of the projection specs: per test a fresh database and event store
 * (test/support/event-log.ts), the read model built as the projector builds it, and an ordered
 * hash to compare two builds. A spec then reads as given these events → projected → these rows:
 *
 *   const db = useProjectionTest(overdueProjection);
 *   await db.appendToCase(id, ev.complaintFiled({ caseId: id }), ev.complaintAccepted());
 *   await db.project();
 *   expect((await db.pool.query('SELECT …')).rows).toEqual([…]);
 *
 * with `ev` the case-event builders of test/support/case-events.ts.
 */
import type { Pool, PoolClient } from 'pg';
import type { EventEnvelope, EventStore } from '@app/event-store';
import { inTransaction } from '@app/platform';
import { PROJECTIONS, ProjectionRunner, rebuildProjection, type Projection, type RunnerOptions } from '@app/projections';
import { applyEvents } from '@app/projections/runner/apply-events';
import { appendToCase, appendVisible, useEventStoreDatabase, type EventStoreDatabase, type TestEvent } from './event-log';

// ── read models ─────────────────────────────────────────────────────────────────────────────────

/** Builds the read model the first time, then applies what the log has beyond its checkpoint, as the live runner does. */
export async function project(pool: Pool, store: EventStore, projection: Projection): Promise<void> {
  const checkpoint = await checkpointOf(pool, projection);
  if (!checkpoint) return void (await rebuildProjection(pool, store, projection));
  const after = checkpoint.position === null ? undefined : BigInt(checkpoint.position);
  const events = await store.readAll({ after, limit: 10_000, filter: { streamPrefixes: projection.streamPrefixes } });
  await new ProjectionRunner(pool, store, projection).applyBatch(events);
}

/** A row of projection_checkpoints as pg reads it: bigints as text, the position too. */
export interface CheckpointRow {
  name: string;
  version: number;
  generation: number;
  position: string | null;
  events_applied: string;
  events_skipped: string;
  [column: string]: unknown;
}

async function checkpointOf(db: Pool | PoolClient, projection: Projection): Promise<CheckpointRow | undefined> {
  const { rows } = await db.query(`SELECT *, position::text AS position FROM projection_checkpoints WHERE name = $1`, [projection.name]);
  return rows[0];
}

async function builtCheckpointOf(db: Pool | PoolClient, projection: Projection): Promise<CheckpointRow> {
  const checkpoint = await checkpointOf(db, projection);
  if (!checkpoint) throw new Error(`${projection.name} has no checkpoint: build it first`);
  return checkpoint;
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

/** The ordered hash of each read model, by projection name. */
export async function readModelHashes(pool: Pool, projections: readonly Projection[] = PROJECTIONS): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const projection of projections) result[projection.name] = await readModelHash(pool, projection);
  return result;
}

/** Polls until `condition` holds or `timeoutMs` is up; the assertions after it say which. */
export async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 25))) {
    if (await condition()) return;
  }
}

// ── per-test setup ──────────────────────────────────────────────────────────────────────────────

export interface ProjectionTest extends EventStoreDatabase {
  /** Appends to one stream; returns once readers of the log see the events. */
  append(streamId: string, ...events: TestEvent[]): Promise<{ position: bigint; eventIds: string[] }>;
  /** Appends to the stream of case `caseId`; returns once readers of the log see the events. */
  appendToCase(caseId: string, ...events: TestEvent[]): Promise<{ position: bigint; eventIds: string[] }>;
  /** Builds the read model the first time, then applies what the log has beyond its checkpoint, as the live runner does. */
  project(): Promise<void>;
  /** Rebuilds the read model from the whole log into its next generation, as `projections rebuild` does. */
  rebuild(): Promise<{ generation: number; events: number }>;
  /** A runner of the projection over the test database, not started. */
  runner(options?: RunnerOptions): ProjectionRunner;
  /** Every event of the streams the projection follows, as one batch. */
  followedLog(): Promise<EventEnvelope[]>;
  /** Applies one batch twice through a runner, as when it is delivered again: the read model's hash after each time. */
  applyTwice(batch: readonly EventEnvelope[]): Promise<{ once: string; twice: string }>;
  /** Applies events straight through the handlers, past the checkpoint: as when a batch failed to commit it and runs again. */
  applyThroughHandlers(events: readonly EventEnvelope[]): Promise<void>;
  /** The projection's checkpoint row, once it has been built. */
  checkpoint(): Promise<CheckpointRow>;
  /** Whether the read model's tables exist yet (a runner has built it). */
  isBuilt(): Promise<boolean>;
  /** An ordered hash of the projection's tables: equal hashes, equal contents. */
  hash(): Promise<string>;
}

/** A projection spec's database, store and the projector's moves over them; see the top of this file. */
export function useProjectionTest(projection: Projection): ProjectionTest {
  const db = useEventStoreDatabase();
  return {
    get pool() {
      return db.pool;
    },
    get url() {
      return db.url;
    },
    get store() {
      return db.store;
    },
    append: (streamId, ...events) => appendVisible(db.store, streamId, events),
    appendToCase: (caseId, ...events) => appendToCase(db.store, caseId, ...events),
    project: () => project(db.pool, db.store, projection),
    rebuild: () => rebuildProjection(db.pool, db.store, projection),
    runner: (options) => new ProjectionRunner(db.pool, db.store, projection, options),
    followedLog: () => db.store.readAll({ limit: 10_000, filter: { streamPrefixes: projection.streamPrefixes } }),
    applyTwice: async (batch) => {
      const runner = new ProjectionRunner(db.pool, db.store, projection);
      await runner.applyBatch(batch);
      const once = await readModelHash(db.pool, projection);
      await runner.applyBatch(batch);
      return { once, twice: await readModelHash(db.pool, projection) };
    },
    applyThroughHandlers: (events) =>
      inTransaction(db.pool, async (client) => {
        const { generation } = await builtCheckpointOf(client, projection);
        await applyEvents(client, projection, generation, events);
      }),
    checkpoint: () => builtCheckpointOf(db.pool, projection),
    isBuilt: async () => {
      const { rows } = await db.pool.query(`SELECT bool_and(to_regclass(name) IS NOT NULL) AS built FROM unnest($1::text[]) AS name`, [
        projection.tables.map((t) => t.name),
      ]);
      return rows[0].built === true;
    },
    hash: () => readModelHash(db.pool, projection),
  };
}

/** Every projection has applied every event of the streams it follows (checkpoints against the log). */
export async function projectionsCaughtUp(
  pool: Pool,
  store: EventStore,
  projections: readonly Projection[] = PROJECTIONS,
): Promise<boolean> {
  const { rows } = await pool.query<{ name: string; position: string | null }>(
    `SELECT name, position::text AS position FROM projection_checkpoints`,
  );
  for (const projection of projections) {
    const row = rows.find((r) => r.name === projection.name);
    if (!row) return false;
    const after = row.position === null ? undefined : BigInt(row.position);
    // Every committed event counts, also one above the visibility horizon: `readAll` would not see
    // it while another test holds a transaction open anywhere on the server, and the read model
    // would look caught up one event short.
    if ((await store.backlog({ after, limit: 1, filter: { streamPrefixes: projection.streamPrefixes } })).count > 0) return false;
  }
  return true;
}
