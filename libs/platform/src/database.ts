import { Pool } from 'pg';

export const PG_POOL = Symbol('PG_POOL');

/** The process's connection pool; errors on idle clients are reported, not thrown (pg would crash the process). */
export function createPool(connectionString: string, max: number, onIdleError: (error: Error) => void): Pool {
  const pool = new Pool({ connectionString, max, application_name: 'complaint-cases' });
  pool.on('error', onIdleError);
  return pool;
}
