import type { Pool } from 'pg';
import type { Backlog, BacklogOptions } from '../event-store';
import { filterClause } from './event-rows';

/**
 * A reader's backlog in one statement of three index probes on the primary key: the last event
 * matching the filter (a backward scan that stops at the first match), the first one after `after`,
 * and how many follow `after`, counted up to the limit without fetching a column the count does not
 * need. No visibility-horizon condition: committed events a reader cannot see yet are what it waits
 * for, and leaving them out is how a lag report said 0 while every read model was held back.
 * The backward scan for the head is short because every projection follows the case streams (or
 * all of them), which most events belong to; one following only rare streams would scan further.
 */
export async function readBacklog(pool: Pool, options: BacklogOptions): Promise<Backlog> {
  const params: unknown[] = [(options.after ?? -1n).toString(), options.limit];
  const filter = filterClause(options.filter, params);
  const { rows } = await pool.query<{ head: string | null; next: string | null; next_recorded_at: string | null; count: number }>(
    `SELECT (SELECT global_position FROM events WHERE true ${filter} ORDER BY global_position DESC LIMIT 1)::text AS head,
            next.global_position::text AS next, next.recorded_at AS next_recorded_at,
            (SELECT count(*) FROM (SELECT FROM events WHERE global_position > $1 ${filter} ORDER BY global_position LIMIT $2) pending)::int AS count
       FROM (SELECT) one
       LEFT JOIN LATERAL (SELECT global_position, event_chain_instant(recorded_at) AS recorded_at FROM events
                           WHERE global_position > $1 ${filter} ORDER BY global_position LIMIT 1) next ON true`,
    params,
  );
  const row = rows[0];
  return {
    headPosition: row.head === null ? null : BigInt(row.head),
    next: row.next === null ? null : { position: BigInt(row.next), recordedAt: row.next_recorded_at! },
    count: row.count,
  };
}
