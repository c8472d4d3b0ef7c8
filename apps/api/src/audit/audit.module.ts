import { Module, type Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { AuditReader } from '@app/projections/audit/audit.reader';
import { ProjectionPositions } from '../common/projection-positions';
import { AuditController } from './audit.controller';
import { AuditVerifyController, CheckpointKeyController } from './audit-integrity.controller';
import { ExportAuditEventsHandler } from './export-audit-events.query';
import { ListAuditEventsHandler } from './list-audit-events.query';
import { VerifyAuditLogHandler } from './verify-audit-log.query';

/** The audit read model finds the events a query matches; the log hands them over. */
const auditReader: Provider<AuditReader> = {
  provide: AuditReader,
  useFactory: (pool: Pool, store: EventStore) => new AuditReader(pool, store),
  inject: [PG_POOL, EVENT_STORE],
};

/** Queries on the audit read model (the history page, the streamed export) and on the log's integrity (verify, checkpoint key). */
@Module({
  imports: [CqrsModule],
  controllers: [AuditController, AuditVerifyController, CheckpointKeyController],
  providers: [ListAuditEventsHandler, ExportAuditEventsHandler, VerifyAuditLogHandler, auditReader, ProjectionPositions],
})
export class AuditModule {}
