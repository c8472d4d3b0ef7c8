import type { Pool } from 'pg';
import { CASE_STREAM_PREFIX } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { deadlineChangesOf } from './deadline-changes';
import { applyDeadlineChange } from './deadline-table';
import { advanceCheckpoint, lockCheckpoint, readCheckpoint } from './feeder-checkpoint';
import { inTransaction } from '@app/platform';

export interface DeadlineFeederOptions {
  /** Checkpoint name; feeders sharing it share the work. */
  name?: string;
  /** Events per batch, i.e. per transaction. */
  batchSize?: number;
}

export interface FeedResult {
  /** Events read from the log. */
  read: number;
  /** Of those, events this feeder applied (the rest another feeder had applied meanwhile). */
  applied: number;
}

/**
 * Keeps `scheduled_deadlines` in step with the case events. Reads the log in batches from its
 * checkpoint (readAll rather than a live subscription: the scheduler polls anyway, and a batch
 * maps onto one transaction), and applies each batch together with the checkpoint in ONE
 * transaction, so a crash never applies half a batch nor loses one.
 */
export class DeadlineFeeder {
  private readonly name: string;
  private readonly batchSize: number;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    options: DeadlineFeederOptions = {},
  ) {
    this.name = options.name ?? 'deadline-scheduler';
    this.batchSize = options.batchSize ?? 500;
  }

  /** Applies the next batch. `read < batchSize` means the feeder has caught up. */
  async feedBatch(): Promise<FeedResult> {
    const after = await readCheckpoint(this.pool, this.name);
    const events = await this.store.readAll({
      after: after ?? undefined,
      limit: this.batchSize,
      filter: { streamPrefixes: [CASE_STREAM_PREFIX] },
    });
    if (events.length === 0) return { read: 0, applied: 0 };

    const applied = await inTransaction(this.pool, async (client) => {
      // Another instance may have applied (part of) this batch since we read the checkpoint.
      const current = await lockCheckpoint(client, this.name);
      const fresh = current === null ? events : events.filter((e) => e.position > current);
      for (const envelope of fresh) {
        for (const change of deadlineChangesOf(envelope)) await applyDeadlineChange(client, change, envelope.position);
      }
      await advanceCheckpoint(client, this.name, events[events.length - 1].position);
      return fresh.length;
    });
    return { read: events.length, applied };
  }

  /** Feeds until caught up, or `maxBatches` batches (so one call cannot run for ever). */
  async catchUp(maxBatches = 20): Promise<number> {
    let applied = 0;
    for (let i = 0; i < maxBatches; i++) {
      const batch = await this.feedBatch();
      applied += batch.applied;
      if (batch.read < this.batchSize) break;
    }
    return applied;
  }
}
