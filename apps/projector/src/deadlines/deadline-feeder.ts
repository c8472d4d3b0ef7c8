import type { Pool } from 'pg';
import type { EventStore } from '@app/event-store';
import { DEADLINE_STREAM_PREFIXES, deadlineChangesOf } from './deadline-changes';
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
  /** The checkpoint after the batch: every case and finding event up to it is in the table. */
  checkpoint: bigint | null;
  /**
   * When events were applied: the earliest `fire_at` of a pending deadline right after (null: none
   * is pending). Undefined when the batch read nothing, and so did not look.
   */
  nextDue?: Date | null;
}

export interface CatchUpResult {
  /** Events applied. */
  applied: number;
  /** The last batch's nextDue. */
  nextDue?: Date | null;
}

/**
 * Keeps `scheduled_deadlines` in step with the case and finding events. Reads the log in batches from its
 * checkpoint (readAll rather than a live subscription: the scheduler polls anyway, and a batch
 * maps onto one transaction), and applies each batch together with the checkpoint in ONE
 * transaction, so a crash never applies half a batch nor loses one: one call to the database per
 * batch (feedDeadlineChanges), whatever its number of changes.
 */
export class DeadlineFeeder {
  private readonly name: string;
  private readonly batchSize: number;
  private seen: bigint | null = null;
  /** Whether the next batch starts at `seen` instead of reading the checkpoint: see feedBatch. */
  private goingOn = false;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    options: DeadlineFeederOptions = {},
  ) {
    this.name = options.name ?? 'deadline-scheduler';
    this.batchSize = options.batchSize ?? 500;
  }

  /**
   * The checkpoint as of this feeder's last batch: every case and finding event up to it was in the table then
   * (applied by this feeder or another of its name). Null before the first batch.
   */
  get checkpoint(): bigint | null {
    return this.seen;
  }

  /**
   * Applies the next batch. `read < batchSize` means the feeder has caught up. Right after a batch
   * that read events, the next one starts where that one ended, without reading the checkpoint
   * again (a round trip less, on the path of every busy tick); at the start and after a batch that
   * found nothing new, it reads the checkpoint, and so picks up one that another instance moved on.
   * Starting behind the checkpoint is harmless: what another instance applied is skipped.
   */
  async feedBatch(): Promise<FeedResult> {
    const after = this.goingOn ? this.seen : await readCheckpoint(this.pool, this.name);
    const events = await this.store.readAll({
      after: after ?? undefined,
      limit: this.batchSize,
      filter: { streamPrefixes: [...DEADLINE_STREAM_PREFIXES] },
    });
    if (events.length === 0) {
      this.seen = after;
      this.goingOn = false;
      return { read: 0, applied: 0, checkpoint: after };
    }

    const changes: PositionedChange[] = events.flatMap((envelope) =>
      deadlineChangesOf(envelope).map((change) => ({ change, position: envelope.position })),
    );
    const last = events[events.length - 1].position;
    // Another instance may have applied (part of) this batch since we read the checkpoint.
    const { previousCheckpoint: before, nextDue } = await feedDeadlineChanges(this.pool, this.name, last, changes);
    const fresh = before === null ? events : events.filter((e) => e.position > before);
    this.seen = before !== null && before > last ? before : last;
    this.goingOn = true;
    return { read: events.length, applied: fresh.length, checkpoint: this.seen, nextDue };
  }

  /** Feeds until caught up, or `maxBatches` batches (so one call cannot run for ever). */
  async catchUp(maxBatches = 20): Promise<number> {
    return (await this.catchUpLooking(maxBatches)).applied;
  }

  /** catchUp, also saying when the next pending deadline falls due, if the last batch applied events. */
  async catchUpLooking(maxBatches = 20): Promise<CatchUpResult> {
    let applied = 0;
    let nextDue: Date | null | undefined;
    for (let i = 0; i < maxBatches; i++) {
      const batch = await this.feedBatch();
      applied += batch.applied;
      nextDue = batch.nextDue;
      if (batch.read < this.batchSize) break;
    }
    return { applied, nextDue };
  }
}
