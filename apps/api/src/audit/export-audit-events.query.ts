import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { PG_POOL } from '@app/platform';
import { toAuditEvent, type AuditEvent } from './audit-event';
import type { AuditEventFiltersDto } from './audit-events.request.dto';
import { auditConditions } from './audit-filter';
import { queryAuditLog } from './audit-read-model';

/**
 * Events per database round trip, and per chunk written: what the export holds in memory at a
 * time. Small on purpose: a batch of 100 (about 55 KB of text) dies young in V8's scavenger, while
 * batches of 1,000 outlived the wait for 'drain', were promoted, and let the process grow by
 * 130 MB over a 200,000-event CSV export before a full collection; with 100 it grew by 10 MB
 * (bench/audit-export.bench.ts), at a small cost in throughput.
 */
export const EXPORT_BATCH_SIZE = 100;

export interface AuditExport {
  /** The last position of the log the export covers (null: the log is empty). */
  upTo: string | null;
  /** The filtered log up to `upTo`, in order, a batch at a time, read only as fast as it is consumed. */
  batches: AsyncIterable<AuditEvent[]>;
}

/**
 * The whole filtered audit history for an export, of any size. It is read in keyset batches by
 * position rather than through a server-side cursor: no connection or transaction is held while
 * a slow client drains the previous batch, and batches read one by one still form one consistent
 * log, because the projection only ever adds rows at positions above those already there.
 * The end is fixed when the export starts, so an export of a busy log still ends.
 */
export class ExportAuditEventsQuery extends Query<AuditExport> {
  constructor(readonly filters: AuditEventFiltersDto) {
    super();
  }
}

@QueryHandler(ExportAuditEventsQuery)
export class ExportAuditEventsHandler implements IQueryHandler<ExportAuditEventsQuery, AuditExport> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute({ filters }: ExportAuditEventsQuery): Promise<AuditExport> {
    auditConditions(filters, []); // refuse bad filters now, before any byte is sent
    const [{ up_to: upTo }] = await queryAuditLog(this.pool, 'SELECT max(position)::text AS up_to FROM audit_events', []);
    return { upTo: upTo as string | null, batches: upTo === null ? none() : this.read(filters, upTo as string) };
  }

  private async *read(filters: AuditEventFiltersDto, upTo: string): AsyncGenerator<AuditEvent[]> {
    for (let cursor = filters.cursor; ;) {
      const params: unknown[] = [];
      const where = auditConditions({ ...filters, cursor }, params);
      where.push(`position <= $${params.push(upTo)}::bigint`);
      const rows = await queryAuditLog(
        this.pool,
        `SELECT envelope FROM audit_events WHERE ${where.join(' AND ')} ORDER BY position LIMIT $${params.push(EXPORT_BATCH_SIZE)}`,
        params,
      );
      if (rows.length === 0) return;
      const batch = rows.map((r) => toAuditEvent(r.envelope as Record<string, unknown>));
      yield batch;
      if (rows.length < EXPORT_BATCH_SIZE) return;
      cursor = batch[batch.length - 1].position;
    }
  }
}

async function* none(): AsyncGenerator<AuditEvent[]> {}
