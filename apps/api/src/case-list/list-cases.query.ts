import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { PG_POOL } from '@app/platform';
import type { ListCasesRequestDto } from './list-cases.request.dto';
import { decodeCursor, pageOf, queryReadModel, UUID } from '../common/read-model-page';

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

export interface CaseListPage {
  items: CaseListItem[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/** A page of the case list; `onlyUnit` restricts it to one unit's cases (the unit role). */
export class ListCasesQuery extends Query<CaseListPage> {
  constructor(
    readonly filters: ListCasesRequestDto,
    readonly onlyUnit: string | null,
  ) {
    super();
  }
}

@QueryHandler(ListCasesQuery)
export class ListCasesHandler implements IQueryHandler<ListCasesQuery, CaseListPage> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute({ filters: f, onlyUnit }: ListCasesQuery): Promise<CaseListPage> {
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (onlyUnit) where.push(`${p(onlyUnit)} = ANY(unit_ids)`);
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
    const cursor = f.cursor ? decodeCursor(f.cursor, [(t) => !Number.isNaN(Date.parse(t)), (id) => UUID.test(id)]) : null;
    if (cursor) where.push(`(received_at, case_id) ${ascending ? '>' : '<'} (${p(cursor[0])}::timestamptz, ${p(cursor[1])}::uuid)`);
    const limit = f.limit ?? 20;
    const order = ascending ? 'ASC' : 'DESC';
    const sql = `SELECT * FROM case_list ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY received_at ${order}, case_id ${order} LIMIT ${p(limit + 1)}`;
    // The projector may not have built the read model yet (first start, or APP_ROLE=api alone): 503.
    const rows = await queryReadModel(this.pool, 'case-list', sql, params);
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
