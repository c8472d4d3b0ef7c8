import type { Pool } from 'pg';
import { CASE_STREAM_PREFIX } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { deadlineChangesOf } from './deadline-changes';
import { feedDeadlineChanges, type PositionedChange } from './deadline-table';
import { readCheckpoint } from './feeder-checkpoint';

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
  /** The checkpoint after the batch: every case event up to it is in the table. */
  checkpoint: bigint | null;
}

/**
 * Keeps `scheduled_deadlines` in step with the case events. Reads the log in batches from its
 * checkpoint (readAll rather than a live subscription: the scheduler polls anyway, and a batch
 * maps onto one transaction), and applies each batch together with the checkpoint in ONE
 * transaction, so a crash never applies half a batch nor loses one: one call to the database per
 * batch (feedDeadlineChanges), whatever its number of changes.
 */
export class DeadlineFeeder {
  private readonly name: string;
  private readonly batchSize: number;
  private seen: bigint | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    options: DeadlineFeederOptions = {},
  ) {
    this.name = options.name ?? 'deadline-scheduler';
    this.batchSize = options.batchSize ?? 500;
  }

  /**
   * The checkpoint as of this feeder's last batch: every case event up to it was in the table then
   * (applied by this feeder or another of its name). Null before the first batch.
   */
  get checkpoint(): bigint | null {
    return this.seen;
  }

  /** Applies the next batch. `read < batchSize` means the feeder has caught up. */
  async feedBatch(): Promise<FeedResult> {
    const after = await readCheckpoint(this.pool, this.name);
    const events = await this.store.readAll({
      after: after ?? undefined,
      limit: this.batchSize,
      filter: { streamPrefixes: [CASE_STREAM_PREFIX] },
    });
    if (events.length === 0) {
      this.seen = after;
      return { read: 0, applied: 0, checkpoint: after };
    }

    const changes: PositionedChange[] = events.flatMap((envelope) =>
      deadlineChangesOf(envelope).map((change) => ({ change, position: envelope.position })),
    );
    const last = events[events.length - 1].position;
    // Another instance may have applied (part of) this batch since we read the checkpoint.
    const before = await feedDeadlineChanges(this.pool, this.name, last, changes);
    const fresh = before === null ? events : events.filter((e) => e.position > before);
    this.seen = before !== null && before > last ? before : last;
    return { read: events.length, applied: fresh.length, checkpoint: this.seen };
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
