import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { CheckpointReader, ReadModelNotReady, type Projection } from '@app/projections';

/** How long a query waits for a projection to reach the position a command returned. */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;

/**
 * Read-your-writes: a query carrying `?after=<position>` waits (bounded) until the projection has
 * applied the log up to that position, else answers 503 with Retry-After (ReadModelNotReady); a
 * position past the end of the log is a 400.
 */
@Injectable()
export class ProjectionPositions {
  private readonly checkpoints: CheckpointReader;

  constructor(
    @Inject(PG_POOL) pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    this.checkpoints = new CheckpointReader(pool, store);
  }

  /** Returns once `projection` has applied the log up to `after` (a command's position); at once without one. */
  async waitFor(projection: Projection, after: string | undefined, timeoutMs = READ_YOUR_WRITES_TIMEOUT_MS): Promise<void> {
    if (!after) return;
    const position = BigInt(after);
    const deadline = Date.now() + timeoutMs;
    for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
      if (await this.checkpoints.hasReached(projection, position)) return;
      if (pause === 10) await this.refusePastTheLog(position);
      if (Date.now() + pause > deadline) throw new ReadModelNotReady(projection.name, 'has not reached that position yet');
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /**
   * For a query that reads the log itself, not a projection (the unit registry), and so never waits:
   * `after` is still refused past the end of the log, as every list refuses it.
   */
  async refuseUnrecorded(after: string | undefined): Promise<void> {
    if (after && BigInt(after) > 0n) await this.refusePastTheLog(BigInt(after));
  }

  /**
   * A command answers with its position once its events are committed, so a position past the last
   * committed event (readers' horizon aside) was never one: 400 naming `after`, at once, rather
   * than 5 s of waiting and a 503 that tells the client to retry what can never succeed.
   */
  private async refusePastTheLog(position: bigint): Promise<void> {
    const { headPosition } = await this.store.backlog({ limit: 1 });
    if (headPosition !== null && headPosition >= position) return;
    const message = 'after must be a position a command returned: it is past the end of the event log';
    throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'after', message }] });
  }
}
