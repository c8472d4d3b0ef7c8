import { BadRequestException } from '@nestjs/common';
import type { Pool } from 'pg';
import { notReady } from './projection-positions';

// Shared by the read-model queries: running SQL on a projection's views, and keyset cursors.

/** Runs a query on a read model's views; 503 PROJECTION_NOT_READY while the projector has not built them. */
export async function queryReadModel(pool: Pool, projection: string, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  try {
    return (await pool.query(sql, params)).rows;
  } catch (error) {
    // 42P01 undefined_table: first start, or APP_ROLE=api without a projector yet.
    if ((error as { code?: string }).code === '42P01') throw notReady(projection, 'is not built yet');
    throw error;
  }
}

/** A keyset cursor: the sort key of the last row of a page, opaque to clients. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The sort key in a cursor, if it has `length` strings that each pass their check; otherwise a 400
 * naming `cursor` (a client must only send back what it was given).
 */
export function decodeCursor(cursor: string, checks: ReadonlyArray<(part: string) => boolean>): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === checks.length && key.every((part, i) => typeof part === 'string' && checks[i](part)))
      return key;
  } catch {
    // fall through to the 400 below
  }
  const message = 'cursor must be a nextCursor returned by this list';
  throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'cursor', message }] });
}

/** The page of `limit` rows out of `limit + 1` fetched, and the cursor after it if there are more. */
export function pageOf<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  keyOf: (row: Row) => string[],
): { items: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(toItem), nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
