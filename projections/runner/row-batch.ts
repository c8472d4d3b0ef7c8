import { jsonArrayParameter } from '@app/platform';
import type { ProjectionContext } from './projection';

// A batch that works on read-model rows in memory reads them in one query and writes them back in
// one statement, whatever the number of events. Rows travel as JSON both ways — `to_json(row)` out,
// `json_populate_recordset` over the table's own row type in — so every column keeps its exact
// value (instants to the microsecond, days as days, text[] and jsonb as they are) and no list of
// column types has to follow the DDL. A row in memory has every column, keyed by column name.
// `json`, not `jsonb`: PostgreSQL takes the text apart once as it fills the rows, where `jsonb`
// would first build and key-sort a binary document per row only to read it back (half its time
// in a rebuild's writes).

/**
 * The rows of physical table `table` whose `column` is one of `keys`, as plain JSON objects: every
 * column, or only `columns` (a row held without what is derived from it).
 */
export async function loadRows<R>(
  ctx: ProjectionContext,
  table: string,
  column: string,
  keys: readonly string[],
  columns?: readonly string[],
): Promise<R[]> {
  if (keys.length === 0) return [];
  const from = columns
    ? `(SELECT ${columns.join(', ')} FROM ${table} WHERE ${column} = ANY($1)) t`
    : `${table} t WHERE ${column} = ANY($1)`;
  const { rows } = await ctx.query(`SELECT to_json(t) AS row FROM ${from}`, [keys]);
  return rows.map((r) => r.row as R);
}

/**
 * Inserts `rows` into physical table `table`, or updates the row with the same `key` columns: one
 * `INSERT … ON CONFLICT DO UPDATE` for all of them. An upsert rather than DELETE + INSERT: a changed
 * row is written once (one new tuple, no index entries removed and added back), and rows the batch
 * left alone are not passed at all. Each key may appear once (one statement cannot update a row
 * twice): the caller passes the final state of each row it changed.
 */
export async function writeRows(ctx: ProjectionContext, table: string, key: readonly string[], rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const updated = columns.filter((column) => !key.includes(column));
  await ctx.query(
    `INSERT INTO ${table} (${columns.join(', ')})
     SELECT ${columns.join(', ')} FROM json_populate_recordset(NULL::${table}, $1::json)
     ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updated.map((column) => `${column} = excluded.${column}`).join(', ')}`,
    [jsonArrayParameter(rows)],
  );
}
