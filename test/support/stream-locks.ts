import type { Pool } from 'pg';

/**
 * The first key of the advisory lock the event store's append takes on a stream ('EVTS'; the second
 * is hashtext(stream id): `pg_advisory_xact_lock(1163285587, hashtext(stream))`). A test holding it
 * in a transaction of its own keeps every append to that stream waiting at its lock, after the
 * command has read what it decides on: what lets a test put another request in between.
 */
export const STREAM_APPEND_LOCK = 1163285587;

/** Sessions of the pool's database waiting for an advisory lock: appends queued at a stream's lock. */
export async function appendsWaitingForALock(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks
      WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return rows[0].n;
}
