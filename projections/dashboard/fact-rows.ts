import type { ProjectionContext } from '../runner/projection';
import { writeRows } from '../runner/row-batch';
import {
  DASHBOARD_ACCOUNTABILITY_TABLE,
  DASHBOARD_CASE_UNITS_TABLE,
  DASHBOARD_CASES_TABLE,
  DASHBOARD_MEASURES_TABLE,
} from './dashboard.reader';

/** A fact row as `to_json` gives it: dates as YYYY-MM-DD, instants as ISO text, jsonb as values. */
export type FactRow = Record<string, unknown>;

/**
 * One table's rows of the batch's cases, in memory: as read when the batch began, then as the batch's
 * events leave them. `changed` holds the rows to write back, by primary key, last version only.
 */
export class TableRows {
  private readonly byCase = new Map<string, FactRow[]>();
  readonly changed = new Map<string, FactRow>();

  constructor(
    readonly table: string,
    readonly keyColumns: readonly string[],
  ) {}

  of(caseId: string): readonly FactRow[] {
    return this.byCase.get(caseId) ?? [];
  }

  /** A row as read from the table. */
  loaded(row: FactRow): void {
    const rows = this.byCase.get(row.case_id as string);
    if (rows) rows.push(row);
    else this.byCase.set(row.case_id as string, [row]);
  }

  /** A new row, or a new version of the row with the same key: to be written. */
  put(row: FactRow): void {
    const key = this.keyOf(row);
    const rows = this.byCase.get(row.case_id as string) ?? [];
    const at = rows.findIndex((r) => this.keyOf(r) === key);
    if (at === -1) rows.push(row);
    else rows[at] = row;
    this.byCase.set(row.case_id as string, rows);
    this.changed.set(key, row);
  }

  private keyOf(row: FactRow): string {
    return this.keyColumns.map((c) => String(row[c])).join('\u0000');
  }
}

/** The cases the batch reads rows of, per table; a case with nothing in the batch for a table is not read there. */
export interface CasesToRead {
  cases: ReadonlySet<string>;
  dispatches: ReadonlySet<string>;
  measures: ReadonlySet<string>;
  accountability: ReadonlySet<string>;
}

/**
 * The dashboard's fact rows of one batch's cases: read in one statement, changed in memory event by
 * event, written back with one multi-row statement per table.
 */
export class DashboardFactRows {
  readonly cases = new TableRows(DASHBOARD_CASES_TABLE, ['case_id']);
  readonly dispatches = new TableRows(DASHBOARD_CASE_UNITS_TABLE, ['case_id', 'notified_version']);
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
    const params: unknown[] = [];
    const parts = rows.tables.flatMap((t, i) =>
      sets[i].size === 0
        ? []
        : [`SELECT ${i} AS t, to_json(r) AS row FROM ${ctx.table(t.table)} r WHERE r.case_id = ANY($${params.push([...sets[i]])}::uuid[])`],
    );
    if (parts.length === 0) return rows;
    const { rows: found } = await ctx.query(parts.join('\nUNION ALL\n'), params);
    for (const { t, row } of found as Array<{ t: number; row: FactRow }>) rows.tables[t].loaded(row);
    return rows;
  }

  /** Writes every changed row: one upsert per table with changes. */
  async write(ctx: ProjectionContext): Promise<void> {
    for (const t of this.tables) await writeRows(ctx, ctx.table(t.table), t.keyColumns, [...t.changed.values()]);
  }
}
