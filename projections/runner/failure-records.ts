import type { Pool } from 'pg';
import type { EventEnvelope } from '@app/event-store';
import type { BatchFailure, KnownPositions } from './live-batch';
import { pinpoint } from './pinpoint';
import type { Projection, Upcasters } from './projection';
import { clearFailuresPassed, failuresOf, recordFailure, STOPPED_AFTER_ATTEMPTS } from './projection-stops';

interface Logger {
  warn(message: string): void;
  error(message: string): void;
}

/**
 * The runner's side of `projection_stops` (projection-stops.ts): records each failed batch of a read
 * model it leads, and clears the record once the read model's checkpoint has moved past the event.
 * What it knows stands recorded is read again at each round, for a record another instance made
 * (it led the read model before) to be cleared here too. Costs nothing while nothing fails: a
 * statement per round, none per batch.
 *
 * A record not written, or not cleared, is said in the log and not thrown: it is what the health
 * report tells, not the read model; the read model's own retry goes on regardless (and records
 * again), and a record left behind is not reported once the checkpoint is past it.
 */
export class FailureRecords {
  /** Read models with a failure recorded, and the position of its event. */
  private readonly standing = new Map<string, bigint>();
  /**
   * The event found failing (pinpoint.ts) by read model, and the first event of the batch it was
   * found in: a retry from the same checkpoint fails on the same event, so it is looked for once,
   * not at every retry (a pass over a batch, one event at a time, while the other read models wait).
   */
  private readonly pinpointed = new Map<string, { from: bigint; event: EventEnvelope }>();

  constructor(
    private readonly pool: Pool,
    private readonly logger?: Logger,
    private readonly upcasters?: Upcasters,
  ) {}

  /** What stands recorded for `names` (read models about to be followed from `known`), cleared if already past. */
  async load(names: readonly string[], known: KnownPositions): Promise<void> {
    const recorded = await failuresOf(this.pool, names);
    for (const name of names) this.standing.delete(name);
    for (const [name, position] of recorded) this.standing.set(name, position);
    await this.passed(known);
  }

  /** A batch of `projection` failed: counted on the event it fails on, and told in the log once it counts as stopped. */
  async failed(projection: Projection, failure: BatchFailure): Promise<void> {
    const { name } = projection;
    const { error } = failure;
    try {
      const event = await this.failingEvent(projection, failure);
      const attempts = await recordFailure(this.pool, name, event, error);
      this.standing.set(name, event.position);
      if (attempts === STOPPED_AFTER_ATTEMPTS)
        this.logger?.error(
          `Projection ${name} is stopped on the event at ${event.position} (${event.streamId} version ${event.streamVersion}, ` +
            `${event.type}) after ${attempts} attempts: it will not move until the handler or the data is mended ` +
            `(GET /api/v1/health/details names it)`,
        );
    } catch (failure) {
      this.logger?.warn(`Projection ${name}: its failure could not be recorded for /health: ${(failure as Error).message}`);
    }
  }

  /**
   * The event of the failed batch the handler fails on alone; the batch's first (past the checkpoint)
   * when none does, as when the failure was not the events' (then looked for again at the next failure).
   */
  private async failingEvent(projection: Projection, { event, events }: BatchFailure): Promise<EventEnvelope> {
    const found = this.pinpointed.get(projection.name);
    if (found?.from === event.position) return found.event;
    const failing = events.length > 1 ? await pinpoint(this.pool, projection, events, this.upcasters) : undefined;
    if (failing) this.pinpointed.set(projection.name, { from: event.position, event: failing });
    return failing ?? event;
  }

  /** Clears the records of the read models whose checkpoint is now past the event they failed on. */
  async passed(known: KnownPositions): Promise<void> {
    for (const [name, { event }] of this.pinpointed) {
      const at = known.get(name);
      if (at !== undefined && at !== null && at >= event.position) this.pinpointed.delete(name);
    }
    for (const [name, position] of this.standing) {
      const at = known.get(name);
      if (at === undefined || at === null || at < position) continue;
      try {
        await clearFailuresPassed(this.pool, name, at);
        this.standing.delete(name);
      } catch (failure) {
        this.logger?.warn(`Projection ${name}: its failure could not be cleared for /health: ${(failure as Error).message}`);
      }
    }
  }
}
