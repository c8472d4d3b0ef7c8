import type { Pool, PoolClient } from 'pg';
import type { EventEnvelope } from '@app/event-store';
import { inTransaction } from '@app/platform';
import { applyEvents } from './apply-events';
import { readCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint';
import { lockBatch } from './locks';
import type { Projection, Upcasters } from './projection';

/** How far each read model is known to be (its committed checkpoint position; null: none yet). */
export type KnownPositions = Map<string, bigint | null>;

/** Why a read model's share of a batch failed, and where. */
export interface BatchFailure {
  error: Error;
  /** The first event of the share its checkpoint did not cover: the batch failed on it or a later one. */
  event: EventEnvelope;
  /** The share (pinpoint.ts tries them one at a time to find the one the handler fails on). */
  events: readonly EventEnvelope[];
}

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
 * Each read model's share goes in a transaction of its own, all of them concurrently on connections
 * of their own, so a failing read model is answered alone, for the runner to retry from its own
 * checkpoint, while the others commit theirs. (One transaction for all of them commits less often,
 * but runs their statements one after the other on one connection: measured in the full bench,
 * projection lag p99 under the POST load all-in-one was 0.75 s that way against 0.44 s this way,
 * at the same throughput; docs/architecture.md.)
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
): Promise<Map<Projection, BatchFailure>> {
  const shares: Share[] = [];
  for (const projection of projections) {
    const after = known.get(projection.name) ?? null;
    const own = events.filter((e) => follows(projection, e) && (after === null || e.position > after));
    if (own.length > 0) shares.push({ projection, events: own });
  }
  if (shares.length === 0) return new Map();
  return applyEachAlone(pool, shares, known, upcasters);
}

/** Whether the event is in a stream the projection follows. */
export function follows(projection: Projection, event: EventEnvelope): boolean {
  return projection.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix));
}

/** Each share in a transaction of its own, concurrently: answers the failures by read model. */
async function applyEachAlone(
  pool: Pool,
  shares: readonly Share[],
  known: KnownPositions,
  upcasters: Upcasters | undefined,
): Promise<Map<Projection, BatchFailure>> {
  const failures = new Map<Projection, BatchFailure>();
  await Promise.all(
    shares.map(async ({ projection, events }) => {
      // The first event past the checkpoint read under the lock, once read; until then the share's first.
      const at = { event: events[0] };
      try {
        const position = await inTransaction(pool, async (client) => {
          await lockBatch(client, projection.name);
          return applyPast(client, projection, (await readCheckpoint(client, projection.name)) ?? undefined, events, upcasters, at);
        });
        known.set(projection.name, position);
      } catch (error) {
        failures.set(projection, { error: error as Error, event: at.event, events });
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
  at: { event: EventEnvelope },
): Promise<bigint | null> {
  if (!checkpoint || checkpoint.version !== projection.version) {
    throw new Error(`Projection ${projection.name} is not built at version ${projection.version}`);
  }
  const fresh = events.filter((e) => checkpoint.position === null || e.position > checkpoint.position);
  if (fresh.length === 0) return checkpoint.position;
  at.event = fresh[0];
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
