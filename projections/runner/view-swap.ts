import type { ClientBase, Pool } from 'pg';
import { describeSession, doublingPause, SESSION_SEEN_COLUMNS, type SessionSeen } from '@app/platform';
import type { Projection } from './projection';

/**
 * How a rebuild's swap gets its views' lock without stopping their readers.
 *
 * Pointing a view at a new generation takes the view's ACCESS EXCLUSIVE lock. Requested while a
 * session holds any lock on the view (a reader in a transaction left open: a psql session, a slow
 * report), it waits; every reader that comes after queues behind it, so the API's reads of that
 * read model stop, hold their connections and in the end starve the pool. Waiting, it also holds
 * a transaction id (PostgreSQL logs such a lock for standbys, and takes the id before it waits),
 * which holds back every reader of the log on the server (docs/architecture.md). So:
 *
 * - the swap first looks (pg_locks, which takes no lock and no id, and shows every role's locks)
 *   for a transaction that has held a view since its last look, SWAP_POLL_MS or more before
 *   (`HolderWatch`); while there is one, it does not ask, says who holds it (once, and again when
 *   that changes), and looks again;
 * - then it asks for the lock first, before it writes anything, for at most SWAP_LOCK_WAIT_MS
 *   (`lockViews`): the readers of the moment end within it. Refused all the same (a session that
 *   began a long transaction in between), it lets go of everything and tries again after a pause
 *   that doubles up to SWAP_RETRY_MAX_MS, so readers wait at most that half second an attempt.
 */
export const SWAP_LOCK_WAIT_MS = 500;
export const SWAP_POLL_MS = 500;
export const SWAP_RETRY_FIRST_MS = 500;
export const SWAP_RETRY_MAX_MS = 10_000;

/**
 * Takes the ACCESS EXCLUSIVE lock of every view of the projection that exists (none before its first
 * build), waiting at most SWAP_LOCK_WAIT_MS (else 55P03).
 */
export async function lockViews(client: ClientBase, projection: Projection): Promise<void> {
  const { rows } = await client.query<{ name: string }>(`SELECT v AS name FROM unnest($1::text[]) AS v WHERE to_regclass(v) IS NOT NULL`, [
    viewNames(projection),
  ]);
  if (rows.length === 0) return;
  await client.query(`SET LOCAL lock_timeout = '${SWAP_LOCK_WAIT_MS}ms'`);
  // A view's lock takes the tables it reads too (PostgreSQL 11+): the live generation's.
  await client.query(`LOCK TABLE ${rows.map((r) => r.name).join(', ')} IN ACCESS EXCLUSIVE MODE`);
  await client.query('SET LOCAL lock_timeout = DEFAULT');
}

/** A session holding a lock on one of the projection's views, as the swap's messages name it. */
export interface ViewHolder {
  pid: number;
  /** Its transaction (pg_locks' virtualtransaction): the same at two looks, the same transaction, open all along. */
  transaction: string;
  /** `pid 4242 (psql, idle in transaction, transaction open 310 s)`; state and age only where this role may see them. */
  description: string;
}

/**
 * The sessions other than this one holding a lock on the projection's views. pg_locks shows every
 * session's locks to any role; pg_stat_activity shows a session's state and transaction start only
 * to its own role, a superuser or pg_read_all_stats, so those are in the description when shown.
 */
export async function viewHolders(pool: Pool, projection: Projection): Promise<ViewHolder[]> {
  const { rows } = await pool.query<SessionSeen & { transaction: string }>(
    `SELECT DISTINCT l.pid, l.virtualtransaction AS transaction, ${SESSION_SEEN_COLUMNS}
       FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.granted AND l.pid <> pg_backend_pid()
        AND l.relation = ANY (SELECT to_regclass(v)::oid FROM unnest($1::text[]) AS v)
      ORDER BY l.pid`,
    [viewNames(projection)],
  );
  return rows.map((r) => ({ pid: r.pid, transaction: r.transaction, description: describeSession(r) }));
}

/**
 * Tells, look after look, which holders the swap must not ask past: those whose transaction held a
 * view at the look before too (looks are at least SWAP_POLL_MS apart, so open at least that long),
 * the readers of the moment being new at every look. At the first look, any holder: its age is not
 * known yet, so the swap looks once more before it asks.
 */
export class HolderWatch {
  private previous?: Set<string>;

  /** The holders found at this look that held at the last one; `wait`: whether to look again before asking. */
  look(holders: readonly ViewHolder[]): { long: ViewHolder[]; wait: boolean } {
    const previous = this.previous;
    this.previous = new Set(holders.map((h) => h.transaction));
    const long = previous ? holders.filter((h) => previous.has(h.transaction)) : [];
    return { long, wait: long.length > 0 || (previous === undefined && holders.length > 0) };
  }
}

/** How the swap's messages name the holders. */
export function describeHolders(holders: readonly ViewHolder[]): string {
  return holders.length === 0 ? 'a session since gone' : holders.map((h) => h.description).join(', ');
}

/** The pause before the swap's next attempt after a refusal: SWAP_RETRY_FIRST_MS, doubling, at most SWAP_RETRY_MAX_MS. */
export function swapRetryPause(refusals: number): number {
  return doublingPause(refusals, SWAP_RETRY_FIRST_MS, SWAP_RETRY_MAX_MS);
}

function viewNames(projection: Projection): string[] {
  return projection.tables.map((t) => t.name);
}
