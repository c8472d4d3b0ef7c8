import type { EventEnvelope } from '@app/event-store';
import { errorSummary } from './error-summary';
import type { Queryable } from './read-model-query';

/**
 * Failures on the same event before a read model counts as stopped on it. A failure that is not the
 * event's (a connection lost, a serialization failure, a lock timeout, a deadlock) goes through at
 * the next try or the one after; a handler that cannot take the event fails every time. Counted by
 * event, not by kind of error: a failure class thought transient that keeps failing on one event
 * stops the read model all the same. With the runner's default retry (every 2 s), a stop shows
 * after about 4 s.
 */
export const STOPPED_AFTER_ATTEMPTS = 3;

/**
 * A read model whose live batch keeps failing on one event (`projection_stops`): it will not move
 * until the handler or the data is mended, its queries are stale and read-your-writes queries time
 * out. Kept in the database, as build refusals are (build-refusals.ts), for the API's health to tell
 * in whichever process it runs.
 */
export interface ProjectionStop {
  name: string;
  /** The event it is stopped on: global position (decimal string), stream, version and type. */
  position: string;
  streamId: string;
  streamVersion: number;
  eventType: string;
  /** The error's class or SQLSTATE and its message, values masked (error-summary.ts). */
  error: string;
  /** Failures on this event in a row. */
  attempts: number;
  /** When it first failed on this event (ISO-8601). */
  since: string;
}

/**
 * Counts a failure of `name` on `event`: one more attempt if the row already names that event, else
 * the first on it (since now). An upsert keyed by the name: two instances (a leadership changing
 * hands) never make two rows, and each failure counts once.
 */
export async function recordFailure(db: Queryable, name: string, event: EventEnvelope, error: unknown): Promise<number> {
  const { rows } = await db.query(
    `INSERT INTO projection_stops AS s (name, position, stream_id, stream_version, event_type, error)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (name) DO UPDATE SET
       attempts = CASE WHEN s.position = EXCLUDED.position THEN s.attempts + 1 ELSE 1 END,
       since = CASE WHEN s.position = EXCLUDED.position THEN s.since ELSE now() END,
       position = EXCLUDED.position, stream_id = EXCLUDED.stream_id, stream_version = EXCLUDED.stream_version,
       event_type = EXCLUDED.event_type, error = EXCLUDED.error, last_attempt_at = now()
     RETURNING attempts`,
    [name, event.position.toString(), event.streamId, event.streamVersion, event.type, errorSummary(error)],
  );
  return rows[0].attempts as number;
}

/** Where the failures of `names` stand (name → position of the event), for the runner to clear once past. */
export async function failuresOf(db: Queryable, names: readonly string[]): Promise<Map<string, bigint>> {
  const { rows } = await db.query(`SELECT name, position::text AS position FROM projection_stops WHERE name = ANY($1::text[])`, [names]);
  return new Map(rows.map((r) => [r.name as string, BigInt(r.position as string)]));
}

/** `name`'s checkpoint is at `position`: a failure recorded on an event it covers no longer stands. */
export async function clearFailuresPassed(db: Queryable, name: string, position: bigint): Promise<void> {
  await db.query(`DELETE FROM projection_stops WHERE name = $1 AND position <= $2`, [name, position.toString()]);
}

/** A rebuild of these read models completed: whatever they were stopped on, they start afresh. */
export async function clearFailures(db: Queryable, names: readonly string[]): Promise<void> {
  await db.query(`DELETE FROM projection_stops WHERE name = ANY($1::text[])`, [names]);
}

/** Longest text of a stop reported (its error, stream id, event type): as long as an error summary needs. */
export const STOP_TEXT_CHARS = 300;

/**
 * The read models stopped on an event: STOPPED_AFTER_ATTEMPTS failures or more there, and their
 * checkpoint not past it (should the row outlive the batch that moved it, a runner ending between
 * the two, it is not reported). An index probe of a table of a few rows, usually none.
 *
 * The application's role may write this table, and /health (anonymous) reports it: so only the
 * read models `known` (PROJECTIONS' names; all when not given) are reported, a planted name
 * degrading nothing, and the text columns are read cut to STOP_TEXT_CHARS in the database, so a
 * planted 30 MB error is never loaded (errorSummary's own are shorter).
 */
export async function stoppedProjections(db: Queryable, known?: readonly string[]): Promise<ProjectionStop[]> {
  const { rows } = await db.query(
    `SELECT s.name, s.position::text AS position, left(s.stream_id, ${STOP_TEXT_CHARS}) AS stream_id, s.stream_version,
            left(s.event_type, ${STOP_TEXT_CHARS}) AS event_type, left(s.error, ${STOP_TEXT_CHARS}) AS error, s.attempts,
            to_char(s.since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS since
       FROM projection_stops s LEFT JOIN projection_checkpoints c ON c.name = s.name
      WHERE s.attempts >= $1 AND (c.position IS NULL OR c.position < s.position) AND ($2::text[] IS NULL OR s.name = ANY($2::text[]))
      ORDER BY s.name`,
    [STOPPED_AFTER_ATTEMPTS, known ?? null],
  );
  return rows.map((r) => ({
    name: r.name as string,
    position: r.position as string,
    streamId: r.stream_id as string,
    streamVersion: Number(r.stream_version),
    eventType: r.event_type as string,
    error: r.error as string,
    attempts: r.attempts as number,
    since: r.since as string,
  }));
}
