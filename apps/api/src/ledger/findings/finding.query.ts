import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, FindingErrors, findingDecider, findingStreamId, requireFindingKnownTo, type FindingEvent } from '@app/domain';
import { EVENT_STORE, toDomainEvent, type EventStore } from '@app/event-store';
import { loadVisible } from '../../common/unit-visibility';
import { toFindingView, type FindingView } from './finding-view';

/**
 * A finding read straight from its stream, loaded as its commands load it. `unitScope`: the unit a
 * caller is confined to; to a unit a finding it may not know of does not exist.
 */
export class GetFindingQuery extends Query<FindingView> {
  constructor(
    readonly findingId: string,
    readonly unitScope: string | null,
  ) {
    super();
  }
}

@QueryHandler(GetFindingQuery)
export class GetFindingHandler implements IQueryHandler<GetFindingQuery, FindingView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ findingId, unitScope }: GetFindingQuery): Promise<FindingView> {
    const { state, version, envelopes } = await loadVisible(this.store, findingStreamId(findingId), findingDecider, {
      knownTo: requireFindingKnownTo,
      unitScope,
      notFound: () => new DomainError(FindingErrors.FINDING_NOT_FOUND, 'There is no such finding', { findingId }),
    });
    const events = envelopes.map((e) => toDomainEvent<FindingEvent>(e));
    return toFindingView(findingId, version, state, events, unitScope);
  }
}
