// The values of read-model rows as node-pg hands them over, converted to what readers return. One
// set for every slice, so an instant, a day or a count reads the same in every list.

/** A `timestamptz` (node-pg: a Date) as an ISO instant, `2026-09-24T02:00:00.000Z`. */
export function instant(value: unknown): string {
  return (value as Date).toISOString();
}

/**
 * SQL for a `timestamptz` column as the ISO instant `instant()` makes of it (`2026-09-24T02:00:00.000Z`),
 * or NULL: formatted by PostgreSQL, so node-pg parses no Date that would only be formatted again.
 * Alias it apart from the column: ORDER BY takes an output column's name first.
 */
export function isoInstantSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** A nullable `timestamptz` as an ISO instant, or null. */
export function instantOrNull(value: unknown): string | null {
  return value instanceof Date ? value.toISOString() : (value as string | null);
}

/**
 * A nullable `date` as `YYYY-MM-DD`, or null. node-pg turns a date into local midnight, so it is
 * read back in local time to get the same day. (A reader may select `column::text` instead.)
 */
export function dayOrNull(value: unknown): string | null {
  if (!(value instanceof Date)) return value as string | null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

/** A `bigint` count or counter (node-pg: a string, beyond what a JS number holds exactly) as a number; null as 0. */
export function count(value: unknown): number {
  return Number(value ?? 0);
}
