import { ReadModelNotReady } from './read-model-errors';

/** What a reader queries: a `pg` Pool, or a client inside a transaction. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * Runs a reader's SELECT on a read model's views. Before the projector has built them the views do
 * not exist (42P01 undefined_table: first start, or the API without a projector): ReadModelNotReady.
 */
export async function queryReadModel(
  db: Queryable,
  projection: string,
  sql: string,
  params: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  try {
    return (await db.query(sql, params)).rows;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') throw new ReadModelNotReady(projection, 'is not built yet');
    throw error;
  }
}
