import { Pool } from 'pg';

export const PG_POOL = Symbol('PG_POOL');

/** The process's connection pool; errors on idle clients are reported, not thrown (pg would crash the process). */
export function createPool(connectionString: string, max: number, onIdleError: (error: Error) => void): Pool {
  const pool = new Pool({ connectionString, max, application_name: 'complaint-cases' });
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
