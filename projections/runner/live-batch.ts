import type { Pool, PoolClient } from 'pg';
import type { EventEnvelope } from '@app/event-store';
import { inTransaction } from '@app/platform';
import { applyEvents } from './apply-events';
import { readCheckpoint, readCheckpoints, writeCheckpoint, type Checkpoint } from './checkpoint';
import { lockBatch, lockBatches } from './locks';
import type { Projection, Upcasters } from './projection';

/** How far each read model is known to be (its committed checkpoint position; null: none yet). */
export type KnownPositions = Map<string, bigint | null>;

/**
 * Batches up to this many events go to every read model in one transaction; larger ones, in a
 * transaction per read model, concurrently. A batch is large when the reader has fallen behind
 * (events pile up while the last batch is applied): a commit per read model then costs little per
 * event, and what matters is catching up, which connections of their own do faster than one.
 */
const TOGETHER_UP_TO = 50;

/** A read model and the events of a batch it has not taken in yet. */
interface Share {
  projection: Projection;
  events: readonly EventEnvelope[];
}

/**
 * Hands one batch of the live log to several read models, each exactly once: a read model takes
 * only the events of the streams it follows that its checkpoint does not cover yet, and its rows and
 * its checkpoint commit together.
 *
 * A live batch of a few events goes to all of them in one transaction, one commit per batch
 * instead of one per read model: their statements queue on the one connection while Node works out
 * the next read model's. Measured against a transaction per read model on connections of their own
 * (docs/architecture.md), it commits about half as often and costs PostgreSQL less CPU, but its
 * statements run one after the other: a large batch (TOGETHER_UP_TO) goes to each read model in a
 * transaction of its own, concurrently. Should any read
 * model fail, that transaction is rolled back and the batch handed to each read model in a
 * transaction of its own, so the others commit theirs and only the failing one is answered, for the
 * runner to retry from its own checkpoint.
 *
 * `known` (updated here) spares a read model whose checkpoint already covers the batch, as when
 * the reader restarts from a lower checkpoint than its own; the checkpoint read under the batch lock
 * stays what decides.
 */
export async function applyLiveBatch(
  pool: Pool,
  projections: readonly Projection[],
  events: readonly EventEnvelope[],
  known: KnownPositions,
  upcasters?: Upcasters,
): Promise<Map<Projection, Error>> {
  const shares: Share[] = [];
  for (const projection of projections) {
    const after = known.get(projection.name) ?? null;
    const own = events.filter((e) => follows(projection, e) && (after === null || e.position > after));
    if (own.length > 0) shares.push({ projection, events: own });
  }
  if (shares.length === 0) return new Map();
  if (events.length > TOGETHER_UP_TO) return applyEachAlone(pool, shares, known, upcasters);
  let moved: Array<[string, bigint | null]>;
  try {
    moved = await inTransaction(pool, (client) => applyTogether(client, shares, upcasters));
  } catch {
    return applyEachAlone(pool, shares, known, upcasters);
  }
  for (const [name, position] of moved) known.set(name, position);
  return new Map();
}

/** Whether the event is in a stream the projection follows. */
export function follows(projection: Projection, event: EventEnvelope): boolean {
  return projection.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix));
}

/** Every share in the caller's transaction; throws if any fails (after all have settled). */
async function applyTogether(client: PoolClient, shares: readonly Share[], upcasters: Upcasters | undefined) {
  const names = shares.map((s) => s.projection.name);
  await lockBatches(client, names);
  const checkpoints = new Map((await readCheckpoints(client, names)).map((c) => [c.name, c]));
  const queued = oneQueryAtATime(client);
  const settled = await Promise.allSettled(
    shares.map(async ({ projection, events }) => {
      const position = await applyPast(queued, projection, checkpoints.get(projection.name), events, upcasters);
      return [projection.name, position] as [string, bigint | null];
    }),
  );
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<[string, bigint | null]>).value);
}

/**
 * The client, its queries sent one after the other: the read models' shares run concurrently on it,
 * and node-pg takes only one query at a time on a connection (more is deprecated).
 */
function oneQueryAtATime(client: PoolClient): PoolClient {
  let last: Promise<unknown> = Promise.resolve();
  const query = (sql: string, params?: unknown[]) => {
    const result = last.then(() => client.query(sql, params));
    last = result.catch(() => undefined);
    return result;
  };
  return { query } as unknown as PoolClient;
}

/** Each share in a transaction of its own, concurrently: answers the failures by read model. */
async function applyEachAlone(
  pool: Pool,
  shares: readonly Share[],
  known: KnownPositions,
  upcasters: Upcasters | undefined,
): Promise<Map<Projection, Error>> {
  const failures = new Map<Projection, Error>();
  await Promise.all(
    shares.map(async ({ projection, events }) => {
      try {
        const position = await inTransaction(pool, async (client) => {
          await lockBatch(client, projection.name);
          return applyPast(client, projection, (await readCheckpoint(client, projection.name)) ?? undefined, events, upcasters);
        });
        known.set(projection.name, position);
      } catch (error) {
        failures.set(projection, error as Error);
      }
    }),
  );
  return failures;
}

/**
 * The events past the checkpoint, applied, and the checkpoint moved past them; answers the new
 * position. The checkpoint is read under the projection's batch lock, which keeps a rebuild's swap
 * (and a batch of another instance that still thinks it leads) out until the transaction ends.
 */
async function applyPast(
  client: PoolClient,
  projection: Projection,
  checkpoint: Checkpoint | undefined,
  events: readonly EventEnvelope[],
  upcasters: Upcasters | undefined,
): Promise<bigint | null> {
  if (!checkpoint || checkpoint.version !== projection.version) {
    throw new Error(`Projection ${projection.name} is not built at version ${projection.version}`);
  }
  const fresh = events.filter((e) => checkpoint.position === null || e.position > checkpoint.position);
  if (fresh.length === 0) return checkpoint.position;
  const result = await applyEvents(client, projection, checkpoint.generation, fresh, upcasters);
  const position = result.lastPosition ?? checkpoint.position;
  await writeCheckpoint(
    client,
    {
      ...checkpoint,
      position,
      eventsApplied: checkpoint.eventsApplied + result.applied,
      eventsSkipped: checkpoint.eventsSkipped + result.skipped,
    },
    result.lastEventAt,
  );
  return position;
}
