import type { Pool, PoolConfig } from 'pg';
import type { Logger } from 'pino';
import { endPool } from './database';
import type { OpenDatabase } from './open-database';
import { RefusalKeepingPool } from './refusal-keeping-pool';

/**
 * A command-line script's pool (audit, projections, complainant-keys, ranking). Its connections
 * and the pool itself listen for 'error': the embedded server stopping (the script's own end,
 * Ctrl-C) ends their sessions with 57P01, which Node throws when nobody listens, and a script
 * whose work was done died with ~280 lines of it and exit 1 (for `audit`: "the log fails").
 */
export function openScriptPool(url: string, max: number, logger: Logger, config: PoolConfig = {}): Pool {
  const pool = new RefusalKeepingPool({ ...config, connectionString: url, max });
  // An idle connection lost is no failure of the script: its next statement gets a new one.
  pool.on('error', (error) => logger.debug({ err: error }, 'An idle database connection ended'));
  return pool;
}

/**
 * Ends a script's work on its database in the order that lets the embedded server stop cleanly:
 * what uses the pool first (an event store), then the pool, waiting until its connections are
 * really closed (pool.end() resolves before they are: stopping the server then cut them off),
 * then the server, which openDatabase's stop() leaves to its other users, if any.
 */
export async function closeScriptDatabase(
  database: Pick<OpenDatabase, 'stop'>,
  pool: Pool,
  ...first: Array<{ close(): Promise<void> }>
): Promise<void> {
  try {
    try {
      for (const resource of first) await resource.close();
    } finally {
      await endPool(pool);
    }
  } finally {
    await database.stop();
  }
}
