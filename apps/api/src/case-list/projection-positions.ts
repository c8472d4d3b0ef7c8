import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@app/platform';

/** How long a query waits for a projection to reach the position a command returned. */
const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;

/**
 * Read-your-writes: a query carrying `?after=<position>` waits (bounded) until the projection has
 * applied the log up to that position, else answers 503 with Retry-After.
 */
@Injectable()
export class ProjectionPositions {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async waitFor(projection: string, position: bigint, timeoutMs = READ_YOUR_WRITES_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
      const { rows } = await this.pool.query(`SELECT position::text AS position FROM projection_checkpoints WHERE name = $1`, [projection]);
      if (rows[0]?.position != null && BigInt(rows[0].position) >= position) return;
      if (Date.now() + pause > deadline) throw notReady(projection, 'has not reached that position yet');
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

export function notReady(projection: string, why: string): ServiceUnavailableException {
  return new ServiceUnavailableException({ code: 'PROJECTION_NOT_READY', message: `The ${projection} read model ${why}; retry shortly`, retryAfterSeconds: 1 });
}
