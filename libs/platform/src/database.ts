import type { Pool } from 'pg';
import { RefusalKeepingPool } from './refusal-keeping-pool';

export const PG_POOL = Symbol('PG_POOL');

/**
 * The process's connection pool; errors on idle clients are reported, not thrown (pg would crash the
 * process). A client in use whose session the server ends is RefusalKeepingPool's to catch, and a
 * statement the server refuses keeps its connection.
 */
export function createPool(connectionString: string, max: number, onIdleError: (error: Error) => void, waitMs?: number): Pool {
  // Bounded wait for a connection: with every connection held (statements queued behind a lock
  // taken elsewhere), a request is answered 503 with Retry-After after waitMs, not left hanging
  // for as long as the lock is held (pg's "timeout exceeded when trying to connect").
  const pool = new RefusalKeepingPool({ connectionString, max, application_name: 'complaint-cases', connectionTimeoutMillis: waitMs });
  pool.on('error', onIdleError);
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
