import type { Queryable } from './read-model-query';

/**
 * Read models the runner refused to build, and why (`projection_build_refusals`): today only a log
 * that fails verification (rebuild.ts, LogFailsVerification), which no retry mends. Kept in the
 * database, not in the projector's memory, so that the API's health and its 503s can tell it, in
 * whichever process they run.
 */
export interface BuildRefusal {
  name: string;
  reason: string;
  /** When it was first refused (ISO-8601). */
  since: string;
}

/** Records that these read models are refused a build, for `reason`; an earlier refusal keeps its `since`. */
export async function recordBuildRefusal(db: Queryable, names: readonly string[], reason: string): Promise<void> {
  await db.query(
    `INSERT INTO projection_build_refusals (name, reason) SELECT unnest($1::text[]), $2
     ON CONFLICT (name) DO UPDATE SET reason = EXCLUDED.reason`,
    [names, reason],
  );
}

/** A rebuild of these read models completed: they are refused nothing any more. */
export async function clearBuildRefusals(db: Queryable, names: readonly string[]): Promise<void> {
  await db.query(`DELETE FROM projection_build_refusals WHERE name = ANY($1::text[])`, [names]);
}

/** Every refusal standing. */
export async function buildRefusals(db: Queryable): Promise<BuildRefusal[]> {
  const { rows } = await db.query(
    `SELECT name, reason, to_char(since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS since FROM projection_build_refusals ORDER BY name`,
  );
  return rows.map((r) => ({ name: r.name as string, reason: r.reason as string, since: r.since as string }));
}
