import { Inject, NotFoundException } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { caseStreamId, publicCaseStatus, type CaseEvent, type PublicCaseStatusView } from '@app/domain';
import { EVENT_STORE, toDomainEvent, type EventStore } from '@app/event-store';
import { QueryCodeStore } from './query-code.store';

/** Where a case stands, asked by whoever holds its query code (查询码), without signing in. */
export class CaseStatusByQueryCode extends Query<PublicCaseStatusView> {
  constructor(readonly queryCode: string) {
    super();
  }
}

/**
 * The case of the code, folded into what a complainant may see (publicCaseStatus, libs/domain): its
 * status, milestones and final answer. A code that is wrong in any way is one 404, the same for a
 * malformed, unknown or replaced code.
 */
@QueryHandler(CaseStatusByQueryCode)
export class CaseStatusByQueryCodeHandler implements IQueryHandler<CaseStatusByQueryCode, PublicCaseStatusView> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queryCodes: QueryCodeStore,
  ) {}

  async execute({ queryCode }: CaseStatusByQueryCode): Promise<PublicCaseStatusView> {
    const caseId = await this.queryCodes.caseOf(queryCode);
    const envelopes = caseId ? await this.store.readStream(caseStreamId(caseId)) : [];
    const view = publicCaseStatus(
      envelopes.map((e) => ({ event: toDomainEvent<CaseEvent>(e), occurredAt: e.metadata.occurredAt ?? e.recordedAt })),
    );
    if (!view) throw new NotFoundException({ code: 'QUERY_CODE_NOT_FOUND', message: 'No case has this query code' });
    return view;
  }
}
