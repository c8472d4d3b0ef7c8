import type { Pool } from 'pg';
import type { HeldBack, HorizonHolder } from '../event-store';

/**
 * Committed events above the visibility horizon, pg_snapshot_xmin(pg_current_snapshot()): the oldest
 * transaction id still open in any database of the server (transaction ids are the cluster's). A
 * reader sees none of them until that transaction ends. Positions are (transaction id << 20) + index,
 * so "transaction id >= horizon" is the primary-key range `global_position >= horizon << 20`: one
 * index probe, read up to the limit. The oldest is taken among those counted (by position, that is
 * by transaction id, which follows start order closely).
 */
const HELD_BACK_SQL = `
  SELECT count(*)::int AS events, event_chain_instant(min(recorded_at)) AS oldest
    FROM (SELECT recorded_at FROM events
           WHERE global_position >= (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)
           ORDER BY global_position LIMIT $1) held`;

/**
 * The holder: the session whose transaction id is the oldest (backend_xid, shown to every role, as
 * are its process, database, role and application), or a prepared transaction. Its state and
 * transaction start are null unless this role may see them (superuser, pg_read_all_stats).
 */
const HOLDER_SQL = `
  SELECT pid, database, "user", application_name, state, to_char(started AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS started
    FROM (SELECT pid, datname AS database, usename AS "user", application_name, state, xact_start AS started, age(backend_xid) AS age
            FROM pg_stat_activity WHERE backend_xid IS NOT NULL
          UNION ALL
          SELECT NULL, database, owner, 'prepared transaction ' || gid, 'prepared', prepared, age(transaction)
            FROM pg_prepared_xacts) open
   ORDER BY age DESC LIMIT 1`;

export async function readHeldBack(pool: Pool, limit: number): Promise<HeldBack> {
  const { rows } = await pool.query<{ events: number; oldest: string | null }>(HELD_BACK_SQL, [limit]);
  const { events, oldest } = rows[0];
  // Only looked for when something is held back: that is when an operator needs the name.
  const holder = events > 0 ? await readHolder(pool) : null;
  return { events, oldestRecordedAt: oldest, holder };
}

async function readHolder(pool: Pool): Promise<HorizonHolder | null> {
  const { rows } = await pool.query(HOLDER_SQL);
  const row = rows[0];
  return row
    ? {
        pid: row.pid ?? null,
        database: row.database ?? null,
        user: row.user ?? null,
        applicationName: row.application_name ?? null,
        state: row.state ?? null,
        transactionStartedAt: row.started ?? null,
      }
    : null;
}
