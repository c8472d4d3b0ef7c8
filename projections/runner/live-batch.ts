import type { Pool, PoolClient } from 'pg';
import type { EventEnvelope } from '@app/event-store';
import { inTransaction } from '@app/platform';
import { applyEvents } from './apply-events';
import { readCheckpoint, writeCheckpoint } from './checkpoint';
import { lockBatch } from './locks';
import type { Projection, Upcasters } from './projection';

/** How far each read model is known to be (its committed checkpoint position; null: none yet). */
export type KnownPositions = Map<string, bigint | null>;

/**
 * Hands one batch of the live log to several read models, each exactly once: a read model takes
 * only the events of the streams it follows that its checkpoint does not cover yet, in a transaction
 * of its own that also moves its checkpoint. The transactions run concurrently, each on a connection
 * of the pool, so PostgreSQL writes one read model's batch while Node works out another's; a read
 * model the batch has nothing new for costs no transaction at all.
 *
 * A read model whose batch fails is rolled back alone: the others commit theirs. The failures are
 * answered by read model, for the runner to retry each one from its own checkpoint.
 *
 * `known` (updated here) spares a transaction to a read model whose checkpoint already covers the
 * whole batch, as when the reader restarts from a lower checkpoint than its own; the checkpoint
 * read under the batch lock stays what decides.
 */
export async function applyLiveBatch(
  pool: Pool,
  projections: readonly Projection[],
  events: readonly EventEnvelope[],
  known: KnownPositions,
  upcasters?: Upcasters,
): Promise<Map<Projection, Error>> {
  const failures = new Map<Projection, Error>();
  await Promise.all(
    projections.map(async (projection) => {
      const after = known.get(projection.name) ?? null;
      const own = events.filter((e) => follows(projection, e) && (after === null || e.position > after));
      if (own.length === 0) return;
      try {
        const position = await inTransaction(pool, (client) => applyOnce(client, projection, own, upcasters));
        known.set(projection.name, position);
      } catch (error) {
        failures.set(projection, error as Error);
      }
    }),
  );
  return failures;
}

/** Whether the event is in a stream the projection follows. */
export function follows(projection: Projection, event: EventEnvelope): boolean {
  return projection.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix));
}

/**
 * In the caller's transaction: the events past the projection's checkpoint, applied, and the
 * checkpoint moved past them. The batch lock keeps a rebuild's swap (and a batch of another
 * instance that still thinks it leads) out until the transaction ends. Answers the new position.
 */
async function applyOnce(
  client: PoolClient,
  projection: Projection,
  events: readonly EventEnvelope[],
  upcasters: Upcasters | undefined,
): Promise<bigint | null> {
  await lockBatch(client, projection.name);
  const checkpoint = await readCheckpoint(client, projection.name);
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
