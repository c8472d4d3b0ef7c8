import type { Pool } from 'pg';
import { waitUntil } from './wait';

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

/**
 * `request` sent while `streamId`'s append lock is held, so that it waits at its append once it has
 * looked up what it decides on; `meanwhile` runs then, and the lock is let go. The request's answer.
 */
export async function heldAtAppend<B>(
  pool: Pool,
  streamId: string,
  request: () => PromiseLike<{ status: number; body: B }>,
  meanwhile: () => Promise<unknown>,
): Promise<{ status: number; body: B }> {
  const lock = await pool.connect();
  let pending: Promise<{ status: number; body: B }> | undefined;
  try {
    await lock.query('BEGIN');
    await lock.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [STREAM_APPEND_LOCK, streamId]);
    pending = Promise.resolve(request()).then((r) => ({ status: r.status, body: r.body }));
    await waitUntil(async () => (await appendsWaitingForALock(pool)) === 1, {
      timeoutMs: 30_000,
      failure: `the request never reached its append to ${streamId}`,
    });
    await meanwhile();
  } finally {
    await lock.query('ROLLBACK');
    lock.release();
  }
  return pending!;
}
