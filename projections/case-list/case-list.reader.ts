import { filtersTag, isTag } from '../cursor-filters';
import { decodeCursor, isInstant, readPage, UUID, type Page } from '../runner/keyset';
import { queryReadModel, type Queryable } from '../runner/read-model-query';
import { isoInstantSql } from '../runner/row-values';
import { WhereClause } from '../runner/where-clause';
import { itemJson, type CaseListItem } from './case-list.item';

export type { CaseListItem } from './case-list.item';

/** The read model's name: its checkpoint, its rebuild, its errors. */
export const CASE_LIST_READ_MODEL = 'case-list';
/** Its view, one row per case: the DDL creates it, the projection fills it, only this reader reads it. */
export const CASE_LIST_TABLE = 'case_list';

export const CASE_STATUSES = ['filed', 'accepted', 'rejected', 'in_progress', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_LIST_SORTS = ['received_desc', 'received_asc'] as const;
export type CaseListSort = (typeof CASE_LIST_SORTS)[number];

/** Which cases, in which order; every filter is optional and they combine with AND. */
export interface CaseListFilter {
  /** The unit a unit caller is confined to (null: not confined). */
  unitScope: string | null;
  /** Cases the unit handles, as lead or co-handling unit. */
  unitId?: string;
  /** Cases the unit leads (主办) now. */
  leadUnitId?: string;
  status?: CaseStatus;
  category?: string;
  channel?: string;
  urgency?: string;
  /** Received at or after (an instant). */
  receivedFrom?: string;
  /** Received before (an instant). */
  receivedTo?: string;
  /** Overdue as of the query: the lead's handling deadline missed in some round (see `overdue` of an item). */
  overdue?: boolean;
  /** Text the title contains. */
  q?: string;
  sort?: CaseListSort;
  cursor?: string;
  limit?: number;
}

export type CaseListPage = Page<CaseListItem>;
/** A page with each item as its JSON text (case-list.item.ts), as the API sends it. */
export type CaseListJsonPage = Page<string>;

/** The statuses of an open case: neither rejected nor closed. */
const OPEN_STATUSES: readonly CaseStatus[] = ['filed', 'accepted', 'in_progress'];

/** The case list (案件列表): pages of cases, filtered, latest received first unless asked otherwise. */
export class CaseListReader {
  constructor(private readonly db: Queryable) {}

  /** `asOf`: the instant overdue is judged at (the query's, from the server's clock). */
  async page(f: CaseListFilter, asOf: Date): Promise<CaseListPage> {
    const page = await this.pageJson(f, asOf);
    return { items: page.items.map((item) => JSON.parse(item) as CaseListItem), nextCursor: page.nextCursor };
  }

  /** The same page with each item as the JSON text the API sends: the rows store it (case-list.item.ts). */
  async pageJson(f: CaseListFilter, asOf: Date): Promise<CaseListJsonPage> {
    const where = new WhereClause();
    const p = where.param;
    const overdue = `coalesce(handling_missed_from <= ${p(asOf.toISOString())}::timestamptz, false)`;
    if (f.unitScope) where.add(`${p(f.unitScope)} = ANY(unit_ids)`);
    if (f.unitId) where.add(`${p(f.unitId)} = ANY(unit_ids)`);
    if (f.leadUnitId) where.add(`lead_unit_id = ${p(f.leadUnitId)}`);
    if (f.status) where.add(`status = ${p(f.status)}`);
    if (f.category) where.add(`category = ${p(f.category)}`);
    if (f.channel) where.add(`channel = ${p(f.channel)}`);
    if (f.urgency) where.add(`urgency = ${p(f.urgency)}`);
    if (f.receivedFrom) where.add(`received_at >= ${p(f.receivedFrom)}`);
    if (f.receivedTo) where.add(`received_at < ${p(f.receivedTo)}`);
    if (f.overdue !== undefined) where.add(`${overdue} = ${p(f.overdue)}`);
    if (f.q) where.add(`strpos(title, ${p(f.q)}) > 0`);
    const ascending = f.sort === 'received_asc';
    const order = ascending ? 'ASC' : 'DESC';
    // The cursor names the filters and the order it was handed out with (cursor-filters.ts): one
    // from another order, or from other filters, would be a key of that list, read as a place in
    // this one (a page from the middle, quietly skipping this list's rows before it).
    const { cursor: _cursor, limit: _limit, ...filters } = f;
    const tag = filtersTag(CASE_LIST_READ_MODEL, { ...filters, sort: f.sort ?? 'received_desc' });
    const cursor = f.cursor
      ? decodeCursor(
          f.cursor,
          [isTag(tag), isInstant, (id) => UUID.test(id)],
          'cursor must be a nextCursor returned by this list with these filters and this sort order',
        )
      : null;
    if (cursor) where.add(`(received_at, case_id) ${ascending ? '>' : '<'} (${p(cursor[1])}::timestamptz, ${p(cursor[2])}::uuid)`);
    return readPage(this.db, CASE_LIST_READ_MODEL, {
      sql: `SELECT item_json, ${overdue} AS overdue, ${isoInstantSql('received_at')} AS received_at_iso, case_id FROM ${CASE_LIST_TABLE} ${where.sql} ORDER BY received_at ${order}, case_id ${order}`,
      params: where.params,
      limit: f.limit,
      toItem: (r) => itemJson(r.item_json as string, r.overdue as boolean),
      keyOf: (r) => [tag, r.received_at_iso as string, r.case_id as string],
    });
  }

  /** The titles of the cases named (ids the list does not hold are absent): what a list of their measures calls the problem. */
  async titles(caseIds: readonly string[]): Promise<Map<string, string>> {
    if (caseIds.length === 0) return new Map();
    const rows = await queryReadModel(
      this.db,
      CASE_LIST_READ_MODEL,
      `SELECT case_id, title FROM ${CASE_LIST_TABLE} WHERE case_id = ANY($1::uuid[])`,
      [caseIds],
    );
    return new Map(rows.map((r) => [r.case_id as string, r.title as string]));
  }

  /** Open cases per category code (codes no open case uses are absent): what a time-limit policy must keep. */
  async openCasesByCategory(): Promise<Record<string, number>> {
    const rows = await queryReadModel(
      this.db,
      CASE_LIST_READ_MODEL,
      `SELECT category, count(*)::int AS n FROM ${CASE_LIST_TABLE} WHERE status = ANY($1) GROUP BY category ORDER BY category`,
      [OPEN_STATUSES],
    );
    return Object.fromEntries(rows.map((r) => [r.category as string, r.n as number]));
  }

  /** Open cases the unit handles now, as lead or co-handling unit (not those it disputed or was transferred from). */
  async openCasesHeldBy(unitId: string): Promise<number> {
    const rows = await queryReadModel(
      this.db,
      CASE_LIST_READ_MODEL,
      `SELECT count(*)::int AS n FROM ${CASE_LIST_TABLE} WHERE status = ANY($1) AND $2 = ANY(unit_ids)`,
      [OPEN_STATUSES, unitId],
    );
    return rows[0].n as number;
  }
}
