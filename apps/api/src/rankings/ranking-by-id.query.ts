import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  DomainError,
  rankingStreamId,
  RankingErrors,
  type RankingAmended,
  type RankingEvent,
  type RankingPublished,
  type RankingRow,
} from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';

/** A ranking as published and every amendment since, read from its stream: never recomputed. */
export interface RankingView {
  rankingId: string;
  title: string;
  period: RankingPublished['data']['period'];
  unitKind: string;
  rankBy: string[];
  /** The rows in force: the last amendment's, or as published. */
  rows: RankingRow[];
  published: Pick<RankingPublished['data'], 'basis' | 'rows' | 'publishedAt'> & { eventId: string };
  amendments: Array<Pick<RankingAmended['data'], 'reason' | 'basis' | 'differences' | 'amendedAt'> & { eventId: string }>;
  version: number;
}

export class GetRankingQuery extends Query<RankingView> {
  constructor(readonly rankingId: string) {
    super();
  }
}

@QueryHandler(GetRankingQuery)
export class GetRankingHandler implements IQueryHandler<GetRankingQuery, RankingView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ rankingId }: GetRankingQuery): Promise<RankingView> {
    return readRanking(this.store, rankingId);
  }
}

/** A ranking as its stream holds it (GetRankingQuery; the ranking CLI reads it so too). */
export async function readRanking(store: EventStore, rankingId: string): Promise<RankingView> {
  const envelopes = await store.readStream(rankingStreamId(rankingId));
  const events = envelopes.map((e) => ({ eventId: e.eventId, event: { type: e.type, data: e.data } as RankingEvent }));
  const first = events[0];
  if (!first || first.event.type !== 'RankingPublished')
    throw new DomainError(RankingErrors.RANKING_NOT_FOUND, 'There is no such ranking', { rankingId });
  const p = first.event.data;
  const amendments = events.flatMap(({ eventId, event }) =>
    event.type === 'RankingAmended'
      ? [
          {
            eventId,
            reason: event.data.reason,
            basis: event.data.basis,
            differences: event.data.differences,
            amendedAt: event.data.amendedAt,
          },
        ]
      : [],
  );
  const last = events[events.length - 1].event;
  return {
    rankingId: p.rankingId,
    title: p.title,
    period: p.period,
    unitKind: p.unitKind,
    rankBy: p.rankBy,
    rows: last.data.rows,
    published: { eventId: first.eventId, basis: p.basis, rows: p.rows, publishedAt: p.publishedAt },
    amendments,
    version: envelopes.length,
  };
}
