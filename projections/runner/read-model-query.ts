import { createHash } from 'node:crypto';
import { ReadModelNotReady } from './read-model-errors';

/** A statement sent by name: parsed and planned once per connection (`pg` prepares it on first use). */
export interface NamedStatement {
  name: string;
  text: string;
  values: unknown[];
}

/** What a reader queries: a `pg` Pool, or a client inside a transaction. */
export interface Queryable {
  query(sql: string | NamedStatement, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * Runs a reader's SELECT on a read model's views. Before the projector has built them the views do
 * not exist (42P01 undefined_table: first start, or the API without a projector): ReadModelNotReady.
 * After an upgrade to a version whose reader selects a new column, the live generation lacks it
 * (42703 undefined_column) until the rebuild at that version swaps the views: ReadModelNotReady too,
 * a 503 with Retry-After for those minutes instead of a 500.
 *
 * `prepared`: sent as a named statement, so each connection parses and plans it once instead of at
 * every request; for a query that costs PostgreSQL more to plan than to run (the overdue list's
 * join: 0.18 ms of planning for 0.1 of execution). A view a rebuild points at a new generation
 * makes PostgreSQL analyse the statement again, but it refuses one whose result type changed
 * ("cached plan must not change result type"): a prepared query must cast every column it selects
 * to a fixed type, so that a generation with other column types still gives the same result type.
 * The name is the text's hash: each text (filters make several) is its own statement, and a
 * connection never sees one name for two texts.
 */
export async function queryReadModel(
  db: Queryable,
  projection: string,
  sql: string,
  params: unknown[] = [],
  options: { prepared?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  try {
    return (
      await (options.prepared ? db.query({ name: statementName(projection, sql), text: sql, values: params }) : db.query(sql, params))
    ).rows;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '42P01') throw new ReadModelNotReady(projection, 'is not built yet', await refusalOf(db, projection));
    if (code === '42703') throw new ReadModelNotReady(projection, 'is being built at its new version');
    throw error;
  }
}

/**
 * Longest reason of a refusal reported (here, and by health: build-refusals.ts). The runner's own are
 * a line (the log's first failure); the application's role may write the table, and is cut here.
 */
export const REFUSAL_REASON_CHARS = 500;

/**
 * Why the projector will not build the read model, if it refused (build-refusals.ts); undefined
 * otherwise, or when it cannot be asked (a transaction the failed statement aborted): the 503 then
 * says "retry shortly", as on a first start.
 */
async function refusalOf(db: Queryable, projection: string): Promise<string | undefined> {
  try {
    const { rows } = await db.query(
      `SELECT left(reason, ${REFUSAL_REASON_CHARS}) AS reason FROM projection_build_refusals WHERE name = $1`,
      [projection],
    );
    return rows[0]?.reason as string | undefined;
  } catch {
    return undefined;
  }
}

/** The statement's name on every connection: the read model's and its text's hash (within PostgreSQL's 63 bytes). */
export function statementName(projection: string, sql: string): string {
  return `rm:${projection.slice(0, 24)}:${createHash('sha256').update(sql).digest('base64url').slice(0, 22)}`;
}
