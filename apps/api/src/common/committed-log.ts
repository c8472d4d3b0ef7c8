import type { Pool } from 'pg';
import type { EventEnvelope, EventStore, ReadAllOptions } from '@app/event-store';
import { ReadModelNotReady } from '@app/projections';

/**
 * The PostgreSQL event store shows an event in the global log only once every transaction older
 * than its own has ended (docs/architecture.md), so an event committed a moment ago can be missing
 * from `readAll()` or `head()` while any other transaction runs (a projector's batch, say). This
 * waits until the transactions running now have ended: then every event committed before the call
 * is in the global log. Harmless with KurrentDB, whose global log has no such delay.
 *
 * Resolves true once settled, false when `timeoutMs` passed first (the caller decides what that means).
 */
export async function committedLogSettled(pool: Pool, timeoutMs: number): Promise<boolean> {
  const { rows } = await pool.query<{ now: string }>('SELECT pg_current_xact_id()::text AS now');
  const deadline = Date.now() + timeoutMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    const check = await pool.query<{ done: boolean }>('SELECT pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8 AS done', [rows[0].now]);
    if (check.rows[0].done) return true;
    if (Date.now() + pause > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/** How long a list read from the log waits for the transactions running when it began (then 503, retry shortly). */
const LIST_SETTLE_TIMEOUT_MS = 5_000;

/**
 * A page of the global log for a list read from the log itself (campaigns, rankings: no read model),
 * once it has settled, so an event committed before the request (the caller's own, a moment ago) is
 * in it; 503 PROJECTION_NOT_READY when another transaction keeps it from settling for 5 s.
 */
export async function readSettledLog(store: EventStore, pool: Pool, what: string, options: ReadAllOptions): Promise<EventEnvelope[]> {
  if (!(await committedLogSettled(pool, LIST_SETTLE_TIMEOUT_MS))) throw new ReadModelNotReady(what, 'has not reached that position yet');
  return store.readAll(options);
}
