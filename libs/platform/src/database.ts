import type { Pool } from 'pg';
import { RefusalKeepingPool } from './refusal-keeping-pool';

export const PG_POOL = Symbol('PG_POOL');

/**
 * The process's connection pool; errors on idle clients are reported, not thrown (pg would crash the
 * process). A checked-out client loses the pool's listener, yet pg still emits 'error' on it when the
 * server goes away (a restart sends each session 57P01), e.g. between the statements of a transaction:
 * with no listener that crashed the process. What holds the client learns of it from its next query,
 * which fails, so the event itself needs only to be caught. A statement the server refuses keeps its
 * connection (RefusalKeepingPool).
 */
export function createPool(connectionString: string, max: number, onIdleError: (error: Error) => void, waitMs?: number): Pool {
  // Bounded wait for a connection: with every connection held (statements queued behind a lock
  // taken elsewhere), a request is answered 503 with Retry-After after waitMs, not left hanging
  // for as long as the lock is held (pg's "timeout exceeded when trying to connect").
  const pool = new RefusalKeepingPool({ connectionString, max, application_name: 'complaint-cases', connectionTimeoutMillis: waitMs });
  pool.on('error', onIdleError);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * Ends the pool and waits (bounded) until its connections are really closed. `pool.end()` resolves
 * as soon as it has asked them to close, so stopping the embedded server right after it would cut
 * them off and log an error for each.
 */
export async function endPool(pool: Pool, timeoutMs = 2_000): Promise<void> {
  let open = pool.totalCount;
  const closed = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool.on('remove', () => --open <= 0 && resolve());
  });
  await pool.end();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}
