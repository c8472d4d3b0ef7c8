import { decodeCursor, DEFAULT_PAGE_SIZE, isInstant, pageOf, UUID, type Page } from '../runner/keyset';
import { queryReadModel, type Queryable } from '../runner/read-model-query';

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
  status?: CaseStatus;
  category?: string;
  channel?: string;
  urgency?: string;
  /** Received at or after (an instant). */
  receivedFrom?: string;
  /** Received before (an instant). */
  receivedTo?: string;
  overdue?: boolean;
  /** Text the title contains. */
  q?: string;
  sort?: CaseListSort;
  cursor?: string;
  limit?: number;
}

export interface CaseListItem {
  id: string;
  version: number;
  status: string;
  channel: string;
  category: string;
  urgency: string;
  title: string;
  complainedUnitId: string;
  leadUnitId: string | null;
  unitIds: string[];
  receivedAt: string;
  signForDue: string | null;
  handlingDue: string | null;
  extended: boolean;
  overdue: boolean;
  round: number;
  closedAt: string | null;
}

export type CaseListPage = Page<CaseListItem>;

/** The case list (案件列表): pages of cases, filtered, latest received first unless asked otherwise. */
export class CaseListReader {
  constructor(private readonly db: Queryable) {}

  async page(f: CaseListFilter): Promise<CaseListPage> {
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (f.unitScope) where.push(`${p(f.unitScope)} = ANY(unit_ids)`);
    if (f.unitId) where.push(`${p(f.unitId)} = ANY(unit_ids)`);
    if (f.status) where.push(`status = ${p(f.status)}`);
    if (f.category) where.push(`category = ${p(f.category)}`);
    if (f.channel) where.push(`channel = ${p(f.channel)}`);
    if (f.urgency) where.push(`urgency = ${p(f.urgency)}`);
    if (f.receivedFrom) where.push(`received_at >= ${p(f.receivedFrom)}`);
    if (f.receivedTo) where.push(`received_at < ${p(f.receivedTo)}`);
    if (f.overdue !== undefined) where.push(`overdue = ${p(f.overdue)}`);
    if (f.q) where.push(`strpos(title, ${p(f.q)}) > 0`);
    const ascending = f.sort === 'received_asc';
    const cursor = f.cursor ? decodeCursor(f.cursor, [isInstant, (id) => UUID.test(id)]) : null;
    if (cursor) where.push(`(received_at, case_id) ${ascending ? '>' : '<'} (${p(cursor[0])}::timestamptz, ${p(cursor[1])}::uuid)`);
    const limit = f.limit ?? DEFAULT_PAGE_SIZE;
    const order = ascending ? 'ASC' : 'DESC';
    const sql = `SELECT * FROM ${CASE_LIST_TABLE} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY received_at ${order}, case_id ${order} LIMIT ${p(limit + 1)}`;
    const rows = await queryReadModel(this.db, CASE_LIST_READ_MODEL, sql, params);
    return pageOf(rows, limit, toItem, (r) => [(r.received_at as Date).toISOString(), r.case_id as string]);
  }
}

function toItem(r: Record<string, unknown>): CaseListItem {
  const date = (v: unknown) => (v instanceof Date ? v.toISOString() : (v as string | null));
  const day = (v: unknown) => (v instanceof Date ? localDate(v) : (v as string | null));
  return {
    id: r.case_id as string,
    version: r.version as number,
    status: r.status as string,
    channel: r.channel as string,
    category: r.category as string,
    urgency: r.urgency as string,
    title: r.title as string,
    complainedUnitId: r.complained_unit_id as string,
    leadUnitId: r.lead_unit_id as string | null,
    unitIds: r.unit_ids as string[],
    receivedAt: date(r.received_at)!,
    signForDue: day(r.sign_for_due),
    handlingDue: day(r.handling_due),
    extended: r.extended as boolean,
    overdue: r.overdue as boolean,
    round: r.round as number,
    closedAt: date(r.closed_at),
  };
}

/** node-pg turns a `date` into local midnight; read it back in local time to get the same day. */
function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
