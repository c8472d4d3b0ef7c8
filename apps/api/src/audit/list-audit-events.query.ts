import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { PG_POOL } from '@app/platform';
import { toAuditEvent, type AuditEvent } from './audit-event';
import type { ListAuditEventsRequestDto } from './audit-events.request.dto';
import { auditConditions } from './audit-filter';
import { queryAuditLog } from './audit-read-model';

export interface AuditEventPage {
  items: AuditEvent[];
  /** Pass as `cursor` for the next page (the position of this page's last event); null on the last one. */
  nextCursor: string | null;
}

/** A page of the audit history, in log order. */
export class ListAuditEventsQuery extends Query<AuditEventPage> {
  constructor(readonly filters: ListAuditEventsRequestDto) {
    super();
  }
}

@QueryHandler(ListAuditEventsQuery)
export class ListAuditEventsHandler implements IQueryHandler<ListAuditEventsQuery, AuditEventPage> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute({ filters }: ListAuditEventsQuery): Promise<AuditEventPage> {
    const params: unknown[] = [];
    const where = auditConditions(filters, params);
    const limit = filters.limit ?? 100;
    params.push(limit + 1);
    const sql = `SELECT envelope FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY position LIMIT $${params.length}`;
    const rows = await queryAuditLog(this.pool, sql, params);
    const items = rows.slice(0, limit).map((r) => toAuditEvent(r.envelope as Record<string, unknown>));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].position : null };
  }
}
