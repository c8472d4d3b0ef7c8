import { InvalidCursor } from './read-model-errors';

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
 * The sort key in a cursor, if it has one string per check and each passes its check (so it can be
 * cast in SQL without error); otherwise InvalidCursor.
 */
export function decodeCursor(cursor: string, checks: ReadonlyArray<(part: string) => boolean>): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === checks.length && key.every((part, i) => typeof part === 'string' && checks[i](part)))
      return key;
  } catch {
    // not base64url JSON: refused below
  }
  throw new InvalidCursor();
}

/** The page of `limit` rows out of `limit + 1` fetched, and the cursor after it if there are more. */
export function pageOf<Row, Item>(rows: Row[], limit: number, toItem: (row: Row) => Item, keyOf: (row: Row) => string[]): Page<Item> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(toItem), nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

/** Cursor checks the readers share. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isInstant = (s: string): boolean => !Number.isNaN(Date.parse(s));

/** Rows per page when the caller names no limit. */
export const DEFAULT_PAGE_SIZE = 20;
