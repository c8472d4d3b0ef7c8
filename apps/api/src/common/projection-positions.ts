import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { PROJECTIONS } from '@app/projections';

/** How long a query waits for a projection to reach the position a command returned. */
const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;

/**
 * Read-your-writes: a query carrying `?after=<position>` waits (bounded) until the projection has
 * applied the log up to that position, else answers 503 with Retry-After.
 */
@Injectable()
export class ProjectionPositions {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async waitFor(projection: string, position: bigint, timeoutMs = READ_YOUR_WRITES_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
      if (await this.hasReached(projection, position)) return;
      if (Date.now() + pause > deadline) throw notReady(projection, 'has not reached that position yet');
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /**
   * The checkpoint is at or past `position`, or — since it only moves on the streams the projection
   * follows — `position` is visible in the log and nothing the projection follows up to it is left.
   */
  private async hasReached(projection: string, position: bigint): Promise<boolean> {
    const { rows } = await this.pool.query(`SELECT position::text AS position FROM projection_checkpoints WHERE name = $1`, [projection]);
    if (rows.length === 0) return false;
    const checkpoint = rows[0].position === null ? undefined : BigInt(rows[0].position);
    if (checkpoint !== undefined && checkpoint >= position) return true;
    const followed = PROJECTIONS.find((p) => p.name === projection);
    const head = await this.store.head();
    if (!followed || !head || head.position < position) return false;
    const [next] = await this.store.readAll({ after: checkpoint, limit: 1, filter: { streamPrefixes: followed.streamPrefixes } });
    return next === undefined || next.position > position;
  }
}

export function notReady(projection: string, why: string): ServiceUnavailableException {
  return new ServiceUnavailableException({
    code: 'PROJECTION_NOT_READY',
    message: `The ${projection} read model ${why}; retry shortly`,
    retryAfterSeconds: 1,
  });
}
