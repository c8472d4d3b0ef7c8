import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditReader } from '@app/projections/audit/audit.reader';
import { ProjectionPositions } from '../common/projection-positions';
import { readerProvider } from '../common/reader.provider';
import { AuditController } from './audit.controller';
import { AuditVerifyController, CheckpointKeyController } from './audit-integrity.controller';
import { ExportAuditEventsHandler } from './export-audit-events.query';
import { ListAuditEventsHandler } from './list-audit-events.query';
import { VerifyAuditLogHandler } from './verify-audit-log.query';

/** Queries on the audit read model (the history page, the streamed export) and on the log's integrity (verify, checkpoint key). */
@Module({
  imports: [CqrsModule],
  controllers: [AuditController, AuditVerifyController, CheckpointKeyController],
  providers: [ListAuditEventsHandler, ExportAuditEventsHandler, VerifyAuditLogHandler, readerProvider(AuditReader), ProjectionPositions],
})
export class AuditModule {}
