import { insertRows, loadRows, writeRows } from './row-batch';
import type { ProjectionContext } from './projection';
import type { RowSlot, SlotChange } from './row-cache';

/** How a key's one row is stored, when not exactly as held. */
export interface StoredRow<R> {
  /** The columns held (and loaded): the table's other columns are derived from them as the row is written. */
  held: ReadonlyArray<keyof R & string>;
  /** The row as the table stores it: the held columns and what is derived from them. */
  stored: (row: R) => object;
}

/**
 * The slot whose state is a key's one row of a table (a case's row in the case list), by its primary
 * key; with `as`, a row held without the columns derived from it, which are added as it is written.
 */
export function rowSlot<R extends object>(table: string, keyColumn: keyof R & string, as?: StoredRow<R>): RowSlot<R> {
  return {
    name: table,
    async load(ctx, keys) {
      const loaded = await loadRows<R>(ctx, ctx.table(table), keyColumn, keys, as?.held);
      return new Map(loaded.map((row) => [String(row[keyColumn]), row]));
    },
    async write(ctx, changes) {
      const row = (c: SlotChange<R>) => (as ? as.stored(c.state) : c.state);
      const [fresh, others] = byFreshness(ctx, changes);
      await insertRows(ctx, table, [keyColumn], fresh.map(row));
      await writeRows(ctx, ctx.table(table), [keyColumn], others.map(row));
    },
  };
}

/** What a key's rows are read and written by. */
export interface RowListTable<R> {
  /** The table's logical name (the slot's name). */
  table: string;
  /** The column the rows of a key share: `case_id`, `holder_id`. */
  keyColumn: keyof R & string;
  /** The table's primary key, which the upsert matches rows on. */
  primaryKey: ReadonlyArray<keyof R & string>;
  /** The row as the table stores it, with what is derived from its own columns; as held by default. */
  stored?: (row: R) => object;
  /** The columns held (and loaded), when the table has others derived from them (default: every column). */
  held?: ReadonlyArray<keyof R & string>;
}

/**
 * The slot whose state is one table's rows of a key (a case's deadlines, a holder's measures; a
 * key without any: an empty list). A read model replaces a key's list whole and a changed row with a
 * new object, never in place, so the rows to write are those not among the ones stored, told by
 * identity: a batch writes what it changed and nothing else.
 */
export function rowListSlot<R extends object>({ table, keyColumn, primaryKey, stored, held }: RowListTable<R>): RowSlot<readonly R[]> {
  return {
    name: table,
    async load(ctx, keys) {
      return rowsByKey(keys, await loadRows<R>(ctx, ctx.table(table), keyColumn, keys, held), keyColumn);
    },
    async write(ctx, changes) {
      const [fresh, others] = byFreshness(ctx, changes);
      // A fresh key's rows are all new: the tables hold none of them.
      const added = fresh.flatMap(({ state }) => state);
      const changed = others.flatMap(({ state, stored: before }) => {
        const unchanged = new Set(before);
        return state.filter((row) => !unchanged.has(row));
      });
      await insertRows(ctx, table, primaryKey, stored ? added.map(stored) : added);
      await writeRows(ctx, ctx.table(table), primaryKey, stored ? changed.map(stored) : changed);
    },
    rows: (rows) => rows.length,
    writesChanges: true,
  };
}

/** `rows` by their `keyColumn`, every one of `keys` with its own (none: empty). */
export function rowsByKey<R extends object>(keys: readonly string[], rows: readonly R[], keyColumn: keyof R & string): Map<string, R[]> {
  const byKey = new Map<string, R[]>(keys.map((key) => [key, []]));
  for (const row of rows) byKey.get(String(row[keyColumn]))?.push(row);
  return byKey;
}

/**
 * The changes whose keys the tables hold nothing of (SlotChange.fresh), to insert by COPY, and the
 * others, to upsert. Only where the context copies (a rebuild's bulk): elsewhere a batch writes all
 * its rows in one upsert, as one statement costs less than two.
 */
export function byFreshness<S>(ctx: ProjectionContext, changes: ReadonlyArray<SlotChange<S>>): [SlotChange<S>[], SlotChange<S>[]] {
  if (!ctx.copy) return [[], [...changes]];
  const fresh: SlotChange<S>[] = [];
  const others: SlotChange<S>[] = [];
  for (const change of changes) (change.fresh ? fresh : others).push(change);
  return [fresh, others];
}
