/**
 * A session of the database server as a message names it to an operator: `pid 4242 (psql, idle in
 * transaction, transaction open 310 s)`. pg_stat_activity shows a session's state and transaction
 * start only to its own role, a superuser or pg_read_all_stats, so those are named when shown:
 * through the application's role, an operator's psql session reads `pid 4242 (psql)`.
 */
export interface SessionSeen {
  pid: number;
  /** Its application_name, else its role; '?' when neither is shown. */
  who: string;
  state: string | null;
  /** Seconds since its transaction began (null: none, or not shown). */
  open_s: number | null;
}

/** The columns of SessionSeen for a session `pid` LEFT JOINed with pg_stat_activity as `a`. */
export const SESSION_SEEN_COLUMNS = `coalesce(nullif(a.application_name, ''), a.usename::text, '?') AS who, a.state,
            round(extract(epoch FROM now() - a.xact_start))::int AS open_s`;

export function describeSession(session: SessionSeen): string {
  const open = session.open_s === null ? null : `transaction open ${session.open_s} s`;
  return `pid ${session.pid} (${[session.who, session.state, open].filter(Boolean).join(', ')})`;
}
