import type { ProjectionContext } from '../runner/projection';
import { BatchRows, rowCacheOf, type RowSlot } from '../runner/row-cache';
import { rowListSlot, rowsByKey } from '../runner/table-slots';
import { withCaseBits, withDispatchBits } from './dashboard-counts';
import type { FactRow } from './fact-row';
import {
  DASHBOARD_ACCOUNTABILITY_TABLE,
  DASHBOARD_CASE_UNITS_TABLE,
  DASHBOARD_CASES_TABLE,
  DASHBOARD_MEASURES_TABLE,
} from './dashboard.reader';

export type { FactRow } from './fact-row';

/**
 * One table's rows of the batch's cases, in memory: as read when the batch began (during a rebuild,
 * as kept across batches: runner/row-cache.ts), then as the batch's events leave them.
 */
export class TableRows {
  readonly slot: RowSlot<readonly FactRow[]>;
  private rows: BatchRows<readonly FactRow[]>;

  constructor(
    readonly table: string,
    readonly keyColumns: readonly string[],
    /** The row as the table stores it: with what is derived from its own columns (the counted bits of dashboard-counts.ts). */
    derived: (row: FactRow) => FactRow = (row) => row,
  ) {
    this.slot = factRowsSlot(table, keyColumns, derived);
    this.rows = new BatchRows(this.slot, new Map());
  }

  of(caseId: string): readonly FactRow[] {
    return this.rows.get(caseId) ?? [];
  }

  /** The rows of the cases read, by case id. */
  read(rows: ReadonlyMap<string, readonly FactRow[]>): void {
    this.rows = new BatchRows(this.slot, rows);
  }

  /** A new row, or a new version of the row with the same key: to be written. */
  put(row: FactRow): void {
    const key = keyOf(this.keyColumns, row);
    const caseId = row.case_id as string;
    // A new array: a case's rows are replaced, never changed in place (BatchRows tells changes by identity).
    const rows = [...this.of(caseId)];
    const at = rows.findIndex((r) => keyOf(this.keyColumns, r) === key);
    if (at === -1) rows.push(row);
    else rows[at] = row;
    this.rows.set(caseId, rows);
  }

  write(ctx: ProjectionContext): Promise<void> {
    return this.rows.write(ctx);
  }
}

function keyOf(keyColumns: readonly string[], row: FactRow): string {
  return keyColumns.map((c) => String(row[c])).join('\u0000');
}

/** One slot per table, whatever the batch: a rebuild's cache writes each slot's evicted rows together. */
const SLOTS = new Map<string, RowSlot<readonly FactRow[]>>();

/** One table's rows by case (none: empty); rows are replaced, never removed. */
function factRowsSlot(table: string, keyColumns: readonly string[], derived: (row: FactRow) => FactRow): RowSlot<readonly FactRow[]> {
  let slot = SLOTS.get(table);
  if (!slot) SLOTS.set(table, (slot = newFactRowsSlot(table, keyColumns, derived)));
  return slot;
}

function newFactRowsSlot(table: string, keyColumns: readonly string[], derived: (row: FactRow) => FactRow): RowSlot<readonly FactRow[]> {
  return rowListSlot<FactRow>({ table, keyColumn: 'case_id', primaryKey: keyColumns, stored: derived });
}

/** The cases the batch reads rows of, per table; a case with nothing in the batch for a table is not read there. */
export interface CasesToRead {
  cases: ReadonlySet<string>;
  dispatches: ReadonlySet<string>;
  measures: ReadonlySet<string>;
  accountability: ReadonlySet<string>;
}

/**
 * The dashboard's fact rows of one batch's cases: read in one statement (those a rebuild does not
 * hold already), changed in memory event by event, written back with one multi-row statement per
 * table.
 */
export class DashboardFactRows {
  readonly cases = new TableRows(DASHBOARD_CASES_TABLE, ['case_id'], withCaseBits);
  readonly dispatches = new TableRows(DASHBOARD_CASE_UNITS_TABLE, ['case_id', 'notified_version'], withDispatchBits);
  readonly measures = new TableRows(DASHBOARD_MEASURES_TABLE, ['case_id', 'measure_id']);
  readonly accountability = new TableRows(DASHBOARD_ACCOUNTABILITY_TABLE, ['case_id', 'accountability_id', 'form']);

  private get tables(): TableRows[] {
    return [this.cases, this.dispatches, this.measures, this.accountability];
  }

  /** The case row, as the batch has left it so far; undefined: the case is not filed (in this read model). */
  caseRow(caseId: string): FactRow | undefined {
    return this.cases.of(caseId)[0];
  }

  static async read(ctx: ProjectionContext, toRead: CasesToRead): Promise<DashboardFactRows> {
    const rows = new DashboardFactRows();
    const sets = [toRead.cases, toRead.dispatches, toRead.measures, toRead.accountability];
    const split = rows.tables.map((t, i) => rowCacheOf(ctx)?.split(t.slot, [...sets[i]]) ?? { held: new Map(), missing: [...sets[i]] });
    const params: unknown[] = [];
    const parts = rows.tables.flatMap((t, i) =>
      split[i].missing.length === 0
        ? []
        : [
            `SELECT ${i} AS t, to_json(r) AS row FROM ${ctx.table(t.table)} r WHERE r.case_id = ANY($${params.push(split[i].missing)}::uuid[])`,
          ],
    );
    const found =
      parts.length === 0 ? [] : ((await ctx.query(parts.join('\nUNION ALL\n'), params)).rows as Array<{ t: number; row: FactRow }>);
    rows.tables.forEach((t, i) => {
      const loaded = rowsByKey(
        split[i].missing,
        found.filter((f) => f.t === i).map((f) => f.row),
        'case_id',
      );
      rowCacheOf(ctx)?.loaded(t.slot, loaded);
      for (const [caseId, caseRows] of loaded) split[i].held.set(caseId, caseRows);
      t.read(split[i].held);
    });
    return rows;
  }

  /** Writes every changed row: one upsert per table with changes. */
  async write(ctx: ProjectionContext): Promise<void> {
    for (const t of this.tables) await t.write(ctx);
  }
}
