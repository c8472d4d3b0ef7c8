import { copyLine, jsonArrayParameter } from '@app/platform';
import type { ProjectionContext } from './projection';
import { rowCacheOf } from './row-cache';

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

/**
 * Inserts `rows` into the read model's table `table` (its logical name), which holds none of their
 * keys (SlotChange.fresh): in the bulk of a rebuild by COPY (ProjectionContext.copy), each value in
 * its column's text input form, else as writeRows does (`key`: the table's primary key).
 *
 * COPY, because PostgreSQL then reads each value with its column's input function and nothing else,
 * where the upsert first takes one JSON document of the whole batch apart and probes the key of
 * every row: 100,000 case-list rows cost 1.9 s of the backend's CPU and 1.0 s of Node's as an upsert
 * from JSON against 0.7 s and 0.6 s by COPY, the tables' contents identical (bench/JOURNAL.md, 7
 * December). The values are those the JSON would carry, written as json_populate_recordset reads
 * them (copyValue), so the rows are the same either way: the rebuild-equals-incremental specs
 * compare a rebuild's tables, filled this way, with the live runner's, filled by upserts.
 */
export async function insertRows(ctx: ProjectionContext, table: string, key: readonly string[], rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  if (!ctx.copy) return writeRows(ctx, ctx.table(table), key, rows);
  const columns = Object.keys(rows[0]);
  const kinds = await columnKinds(ctx, table);
  const kindOf = columns.map((column) => {
    const kind = kinds.get(column);
    if (!kind) throw new Error(`insertRows: ${ctx.table(table)} has no column ${column}`);
    return kind;
  });
  const lines = rows.map((row) => copyLine(columns.map((column, i) => copyValue((row as Record<string, unknown>)[column], kindOf[i]))));
  await ctx.copy(table, columns, lines);
}

/** How a column's value is written for COPY: as JSON text (json, jsonb), as an array literal, or as text. */
type ColumnKind = 'json' | 'array' | 'text';

/** By rebuild (its row cache, one per read model) and physical table: asked once, not per batch. */
const kindsByRebuild = new WeakMap<object, Map<string, Promise<Map<string, ColumnKind>>>>();

function columnKinds(ctx: ProjectionContext, table: string): Promise<Map<string, ColumnKind>> {
  const owner = rowCacheOf(ctx) ?? ctx;
  let byTable = kindsByRebuild.get(owner);
  if (!byTable) kindsByRebuild.set(owner, (byTable = new Map()));
  const physical = ctx.table(table);
  let kinds = byTable.get(physical);
  if (!kinds) {
    kinds = ctx
      .query(
        `SELECT a.attname AS name, t.typname AS type, t.typcategory AS category
           FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
          WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
        [physical],
      )
      .then(({ rows }) => {
        const kind = (r: Record<string, unknown>): ColumnKind =>
          r.type === 'json' || r.type === 'jsonb' ? 'json' : r.category === 'A' ? 'array' : 'text';
        return new Map(rows.map((r) => [r.name as string, kind(r)]));
      });
    byTable.set(physical, kinds);
  }
  return kinds;
}

/**
 * A value as COPY's text format takes it for a column of `kind` (null: NULL), the same value
 * json_populate_recordset would make of its JSON: null and undefined are NULL in every column; a
 * json column takes the value's JSON text (a string too: `"a"`); an array column an array literal
 * of its elements; any other column a string as it is, a number or a boolean as JSON writes it, an
 * object as its JSON text.
 */
export function copyValue(value: unknown, kind: ColumnKind): string | null {
  if (value === null || value === undefined) return null;
  if (kind === 'json') return JSON.stringify(value) ?? null;
  if (kind === 'array' && Array.isArray(value)) return `{${value.map(arrayElement).join(',')}}`;
  return scalarText(value);
}

function scalarText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  // JSON has no NaN or Infinity: JSON.stringify writes them as null.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  // What JSON writes of an object with toJSON (a Date: its ISO instant), taken as the value.
  const own = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof own === 'function') return scalarText(own.call(value));
  return JSON.stringify(value) ?? null;
}

/** An element of an array literal: NULL, or its text double-quoted (so commas, braces and spaces are its own). */
function arrayElement(value: unknown): string {
  const text = scalarText(value);
  return text === null ? 'NULL' : `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
