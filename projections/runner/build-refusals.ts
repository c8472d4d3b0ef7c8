import { REFUSAL_REASON_CHARS, type Queryable } from './read-model-query';

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

/**
 * Every refusal standing; of the `known` read models only, when given. The health report passes the
 * projector's: rows of other names, which the application's role could add by the thousand, are
 * neither listed nor counted.
 */
export async function buildRefusals(db: Queryable, known?: readonly string[]): Promise<BuildRefusal[]> {
  const { rows } = await db.query(
    `SELECT name, left(reason, ${REFUSAL_REASON_CHARS}) AS reason,
            to_char(since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS since
       FROM projection_build_refusals WHERE $1::text[] IS NULL OR name = ANY($1::text[]) ORDER BY name`,
    [known ?? null],
  );
  return rows.map((r) => ({ name: r.name as string, reason: r.reason as string, since: r.since as string }));
}
