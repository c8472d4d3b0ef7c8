import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { auditProjection } from '@app/projections/audit/audit.projection';
import { AuditReader, type AuditEventPage } from '@app/projections/audit/audit.reader';
import { ProjectionPositions } from '../common/projection-positions';
import type { ListAuditEventsRequestDto } from './audit-events.request.dto';
import { auditFilterOf } from './audit-filter';

/** A page of the audit history, in log order. */
export class ListAuditEventsQuery extends Query<AuditEventPage> {
  constructor(readonly request: ListAuditEventsRequestDto) {
    super();
  }
}

@QueryHandler(ListAuditEventsQuery)
export class ListAuditEventsHandler implements IQueryHandler<ListAuditEventsQuery, AuditEventPage> {
  constructor(
    private readonly reader: AuditReader,
    private readonly positions: ProjectionPositions,
  ) {}

  async execute({ request: { limit, ...filters } }: ListAuditEventsQuery): Promise<AuditEventPage> {
    await this.positions.waitFor(auditProjection, filters.after);
    return this.reader.page({ ...auditFilterOf(filters), limit });
  }
}
