import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditReader } from '@app/projections/audit/audit.reader';
import { ProjectionPositions } from '../common/projection-positions';
import { readerProvider } from '../common/reader.provider';
import { AuditController } from './audit.controller';
import { ExportAuditEventsHandler } from './export-audit-events.query';
import { ListAuditEventsHandler } from './list-audit-events.query';

/** Queries on the audit read model: the history page and the streamed export. */
@Module({
  imports: [CqrsModule],
  controllers: [AuditController],
  providers: [ListAuditEventsHandler, ExportAuditEventsHandler, readerProvider(AuditReader), ProjectionPositions],
})
export class AuditModule {}
