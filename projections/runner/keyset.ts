import { InvalidCursor } from './read-model-errors';
import { queryReadModel, type Queryable } from './read-model-query';

// Keyset paging, shared by the readers: a page is the rows after the sort key of the previous
// page's last row, so a page costs the same however deep it is and rows added meanwhile do not
// shift it.

/** A page of a list and where the next one starts. */
export interface Page<Item> {
  items: Item[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/** A keyset cursor: the sort key of the last row of a page, opaque to clients. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The most parts a list's cursor holds: the tag of its filters (cursor-filters.ts) and up to four sort
 * columns (the accountability register's issuedAt, holder and id; the overdue lists' due date, case or
 * holder, unit or measure, and kind).
 */
export const MAX_CURSOR_PARTS = 5;
/**
 * The longest part: an id as KEY_ID allows it. A tag (12), an instant (24), a UUID (36), a date, a
 * count or a kind is shorter; every part is ASCII JSON does not escape.
 */
export const MAX_CURSOR_PART_LENGTH = 128;
/**
 * The longest cursor a list can hand out, MAX_CURSOR_PARTS parts each MAX_CURSOR_PART_LENGTH long,
 * and so the longest the API reads (PageRequestDto; decodeCursor for any caller): a cursor the server
 * handed out is never refused for its length, and one longer is refused before it is decoded. It was
 * 400, which the accountability register's cursor of two 128-character ids exceeded (407).
 */
export const MAX_CURSOR_LENGTH = encodeCursor(Array<string>(MAX_CURSOR_PARTS).fill('x'.repeat(MAX_CURSOR_PART_LENGTH))).length;

/**
 * The sort key in a cursor, if it has one string per check and each passes its check (so it can be
 * cast in SQL without error); otherwise InvalidCursor, at once for one longer than MAX_CURSOR_LENGTH.
 */
export function decodeCursor(cursor: string, checks: ReadonlyArray<(part: string) => boolean>, refusal?: string): string[] {
  // A list of more parts would hand out cursors longer than the API reads: raise MAX_CURSOR_PARTS.
  if (checks.length > MAX_CURSOR_PARTS) throw new Error(`A cursor of ${checks.length} parts is more than MAX_CURSOR_PARTS`);
  if (cursor.length > MAX_CURSOR_LENGTH) throw new InvalidCursor(refusal);
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === checks.length && key.every((part, i) => typeof part === 'string' && checks[i](part)))
      return key;
  } catch {
    // not base64url JSON: refused below
  }
  throw new InvalidCursor(refusal);
}

type Row = Record<string, unknown>;

/** One page of a list from a read model: its SELECT, how large a page, and how a row becomes an item and a cursor. */
export interface PageQuery<Item> {
  /** The SELECT ordered by the sort key, without LIMIT; its WHERE includes the cursor's keyset condition. */
  sql: string;
  params: unknown[];
  /** Rows per page (DEFAULT_PAGE_SIZE when the caller names none). */
  limit?: number;
  toItem(row: Row): Item;
  /** The sort key of a row, as its cursor holds it. */
  keyOf(row: Row): string[];
  /** Sent as a named statement, planned once per connection: see `queryReadModel` for what its SELECT must then do. */
  prepared?: boolean;
}

/**
 * Runs a page query of the read model `readModel` for one row more than the page, which tells
 * whether another page follows, and maps the page's rows to items and the last one to the cursor.
 */
export async function readPage<Item>(db: Queryable, readModel: string, query: PageQuery<Item>): Promise<Page<Item>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const params = [...query.params, limit + 1];
  const rows = await queryReadModel(db, readModel, `${query.sql} LIMIT $${params.length}`, params, { prepared: query.prepared });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(query.toItem), nextCursor: rows.length > limit && last ? encodeCursor(query.keyOf(last)) : null };
}

/** Cursor checks the readers share. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/**
 * An instant as a cursor holds one: what `Date.toISOString` and `isoInstantSql` write
 * (`2026-09-24T01:30:00.000Z`), nothing else. Date.parse also reads `Sat 2026`, `1` and years
 * PostgreSQL cannot cast; a hand-made cursor with one must be refused (400), not fail the query (500).
 */
export const isInstant = (s: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(s)) return false;
  const ms = Date.parse(s);
  // Written back the same: a real date and time (2026-02-30T… comes back as March).
  return !Number.isNaN(ms) && new Date(ms).toISOString() === s;
};
/**
 * An id as the writers make them (a case, a finding, an accountability decision, an event): what
 * X-Unit and the API's ids accept. A NUL in a cursor part would reach PostgreSQL, which refuses it in
 * text (invalid byte sequence): a 500 instead of the 400 of a bad cursor.
 */
export const KEY_ID = /^[0-9A-Za-z][0-9A-Za-z._:@-]{0,127}$/;

/** Rows per page when the caller names no limit. */
export const DEFAULT_PAGE_SIZE = 20;
