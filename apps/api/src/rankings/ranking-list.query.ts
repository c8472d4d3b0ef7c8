import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import type { RankingPublished } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { InvalidCursor } from '@app/projections';
import { readSettledLog } from '../common/committed-log';
import { positionCursor } from '../common/position-cursor';

/** The rankings published, oldest first, a page at a time (`cursor`: the position after which to go on). */
export class ListRankingsQuery extends Query<RankingPage> {
  constructor(
    readonly limit: number,
    readonly cursor: string | null,
  ) {
    super();
  }
}

export interface RankingListItem {
  rankingId: string;
  title: string;
  period: RankingPublished['data']['period'];
  unitKind: string;
  units: number;
  publishedAt: string;
}

export interface RankingPage {
  items: RankingListItem[];
  nextCursor: string | null;
}

/**
 * The list, read from the log as the campaigns' is (once it has settled: readSettledLog): the RankingPublished events by position. What was
 * published, not what is in force: a ranking's amendments are its own GET.
 */
@QueryHandler(ListRankingsQuery)
export class ListRankingsHandler implements IQueryHandler<ListRankingsQuery, RankingPage> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async execute({ limit, cursor }: ListRankingsQuery): Promise<RankingPage> {
    const after = cursor === null ? undefined : positionCursor(cursor);
    if (cursor !== null && after === undefined) throw new InvalidCursor();
    const published = await readSettledLog(this.store, this.pool, 'ranking list', {
      after,
      limit,
      filter: { eventTypes: ['RankingPublished'] },
    });
    const items = published.map((e) => {
      const { rankingId, title, period, unitKind, rows, publishedAt } = e.data as RankingPublished['data'];
      return { rankingId, title, period, unitKind, units: rows.length, publishedAt };
    });
    return { items, nextCursor: published.length === limit ? published[published.length - 1].position.toString() : null };
  }
}
