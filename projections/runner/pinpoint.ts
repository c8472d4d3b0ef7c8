import type { Pool } from 'pg';
import type { EventEnvelope } from '@app/event-store';
import { inTransaction } from '@app/platform';
import { applyEvents } from './apply-events';
import { readCheckpoint } from './checkpoint';
import { lockBatch } from './locks';
import type { Projection, Upcasters } from './projection';

/** Thrown to end the trial transaction: nothing of it is kept. */
class TrialOver extends Error {}

/**
 * The event of a failed share of a batch the read model's handler fails on: a handler takes a batch
 * at once, so the failure alone does not say which event it could not take. Tried again one event
 * at a time, in a transaction that is rolled back whatever happens (under the read model's batch
 * lock, from its checkpoint, as the batch itself), until one fails. Undefined when none does (the
 * failure was not the events': a lost connection, a serialization failure) or the trial itself
 * cannot be made: the caller then names the first event of the share.
 *
 * Costs one more pass over at most one batch, made when a batch has failed, once for the event it
 * fails on (failure-records.ts keeps what it found while the retries fail from the same checkpoint);
 * a handler's result does not depend on how the events are cut into batches (the live runner cuts
 * them by time).
 */
export async function pinpoint(
  pool: Pool,
  projection: Projection,
  events: readonly EventEnvelope[],
  upcasters: Upcasters | undefined,
): Promise<EventEnvelope | undefined> {
  let failing: EventEnvelope | undefined;
  await inTransaction(pool, async (client) => {
    await lockBatch(client, projection.name);
    const checkpoint = await readCheckpoint(client, projection.name);
    if (!checkpoint || checkpoint.version !== projection.version) throw new TrialOver();
    const fresh = events.filter((e) => checkpoint.position === null || e.position > checkpoint.position);
    for (const event of fresh) {
      try {
        await applyEvents(client, projection, checkpoint.generation, [event], upcasters);
      } catch {
        failing = event;
        break;
      }
    }
    throw new TrialOver();
  }).catch((error: unknown) => {
    if (!(error instanceof TrialOver)) failing = undefined;
  });
  return failing;
}
