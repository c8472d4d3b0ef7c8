import { BadRequestException, Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { PG_POOL } from '@app/platform';
import type { ListCasesRequestDto } from './list-cases.request.dto';
import { notReady } from './projection-positions';

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
    const cursor = f.cursor ? decodeCursor(f.cursor) : null;
    if (cursor) where.push(`(received_at, case_id) ${ascending ? '>' : '<'} (${p(cursor.receivedAt)}::timestamptz, ${p(cursor.id)}::uuid)`);
    const limit = f.limit ?? 20;
    const order = ascending ? 'ASC' : 'DESC';
    const sql = `SELECT * FROM case_list ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY received_at ${order}, case_id ${order} LIMIT ${p(limit + 1)}`;
    let rows: Record<string, unknown>[];
    try {
      rows = (await this.pool.query(sql, params)).rows;
    } catch (error) {
      // The projector has not built the read model yet (first start, or APP_ROLE=api alone).
      if ((error as { code?: string }).code === '42P01') throw notReady('case-list', 'is not built yet');
      throw error;
    }
    const items = rows.slice(0, limit).map(toItem);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.receivedAt, last.id) : null };
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

function encodeCursor(receivedAt: string, id: string): string {
  return Buffer.from(JSON.stringify([receivedAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): { receivedAt: string; id: string } {
  try {
    const [receivedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof receivedAt === 'string' && !Number.isNaN(Date.parse(receivedAt)) && /^[0-9a-f-]{36}$/.test(id)) return { receivedAt, id };
  } catch {
    // fall through to the 400 below
  }
  throw invalidCursor();
}

function invalidCursor(): BadRequestException {
  const message = 'cursor must be a nextCursor returned by this list';
  return new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'cursor', message }] });
}
