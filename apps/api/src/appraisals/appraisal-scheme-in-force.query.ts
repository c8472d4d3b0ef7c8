import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { appraisalSchemeDecider, appraisalSchemeInForce, appraisalSchemeStreamId, type AppraisalSchemeInForce } from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventStore } from '@app/event-store';

/** A year's appraisal scheme in force: the latest publication, else the default scheme. */
export class GetAppraisalSchemeQuery extends Query<AppraisalSchemeInForce> {
  constructor(readonly year: number) {
    super();
  }
}

/** Loads `config-appraisal-scheme-<year>` as its publications do (loadAggregate with the scheme decider). */
@QueryHandler(GetAppraisalSchemeQuery)
export class GetAppraisalSchemeHandler implements IQueryHandler<GetAppraisalSchemeQuery, AppraisalSchemeInForce> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ year }: GetAppraisalSchemeQuery): Promise<AppraisalSchemeInForce> {
    const { state } = await loadAggregate(this.store, appraisalSchemeStreamId(year), appraisalSchemeDecider);
    return appraisalSchemeInForce(year, state.current);
  }
}
