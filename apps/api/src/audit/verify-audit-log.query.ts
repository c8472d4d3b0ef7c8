import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { EVENT_STORE, recordVerification, type AuditVerification, type EventStore } from '@app/event-store';
import { APP_CONFIG, CLOCK, PG_POOL, type Clock, type RuntimeConfig } from '@app/platform';
import { verifyLogAndAuditReadModel } from '@app/projections';
import type { RequestContext } from '../common/request-context';

/** The result of GET /api/v1/audit/verify: the verification (the log's, and the audit read model's beside it), and where it was recorded in the log. */
export interface AuditLogVerification extends AuditVerification {
  recorded: { streamId: string; version: number; position: string };
}

/**
 * Re-checks the whole log, its hash chains and signed checkpoints (libs/event-store/src/integrity),
 * compares the audit read model the history is served from with it (projections/audit), and records the result as an event in the caller's name: who verified, when, what they found.
 */
export class VerifyAuditLogQuery extends Query<AuditLogVerification> {
  constructor(readonly caller: RequestContext) {
    super();
  }
}

@QueryHandler(VerifyAuditLogQuery)
export class VerifyAuditLogHandler implements IQueryHandler<VerifyAuditLogQuery, AuditLogVerification> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: RuntimeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caller }: VerifyAuditLogQuery): Promise<AuditLogVerification> {
    const result = await verifyLogAndAuditReadModel(this.store, this.pool, this.config, () => this.clock.now());
    const recorded = await recordVerification(this.store, result, caller);
    return { ...result, recorded: { ...recorded, position: recorded.position.toString() } };
  }
}
