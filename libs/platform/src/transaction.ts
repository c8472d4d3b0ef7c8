import type { Pool, PoolClient } from 'pg';

/** Runs `work` on one connection inside BEGIN … COMMIT; any error rolls back and is rethrown. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let result: T;
  try {
    await client.query('BEGIN');
    result = await work(client);
    await client.query('COMMIT');
  } catch (error) {
    try {
      await client.query('ROLLBACK');
      client.release();
    } catch {
      // The connection itself is broken (perhaps why we failed): drop it instead of pooling it.
      client.release(true);
    }
    throw error;
  }
  client.release();
  return result;
}

/**
 * Runs `work` inside BEGIN … COMMIT on a connection the caller holds (and keeps: session state such
 * as temporary tables outlives the transaction); any error rolls back and is rethrown.
 */
export async function inTransactionOn<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  try {
    await client.query('BEGIN');
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
