import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ProjectionPositions } from '../common/projection-positions';
import { AuditController } from './audit.controller';
import { ExportAuditEventsHandler } from './export-audit-events.query';
import { ListAuditEventsHandler } from './list-audit-events.query';

/** Queries on the audit read model: the history page and the streamed export. */
@Module({
  imports: [CqrsModule],
  controllers: [AuditController],
  providers: [ListAuditEventsHandler, ExportAuditEventsHandler, ProjectionPositions],
})
export class AuditModule {}
