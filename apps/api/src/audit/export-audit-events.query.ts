import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { auditProjection } from '@app/projections/audit/audit.projection';
import { AuditReader, type AuditExport } from '@app/projections/audit/audit.reader';
import { ProjectionPositions } from '../common/projection-positions';
import type { AuditEventFiltersDto } from './audit-events.request.dto';
import { auditFilterOf } from './audit-filter';

/** The whole filtered audit history for a download, up to where the log stands now, read batch by batch. */
export class ExportAuditEventsQuery extends Query<AuditExport> {
  constructor(readonly filters: AuditEventFiltersDto) {
    super();
  }
}

@QueryHandler(ExportAuditEventsQuery)
export class ExportAuditEventsHandler implements IQueryHandler<ExportAuditEventsQuery, AuditExport> {
  constructor(
    private readonly reader: AuditReader,
    private readonly positions: ProjectionPositions,
  ) {}

  async execute({ filters }: ExportAuditEventsQuery): Promise<AuditExport> {
    await this.positions.waitFor(auditProjection, filters.after);
    return this.reader.export(auditFilterOf(filters));
  }
}
