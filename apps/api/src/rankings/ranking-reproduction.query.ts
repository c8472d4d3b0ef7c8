import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { reproductionOf, unreproducibleScheme, type RankingBasis, type RankingReproduction, type RankingRow } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { RANKING_READ_MODELS, withReplayedCopies } from '@app/projections';
import { readRanking } from './ranking-by-id.query';
import { RANKING_SCHEME_VERSION, rankingRowsIn } from './ranking-figures';

/** What POST /api/v1/rankings/{id}/reproduction answers: the record checked, its basis, and what the log bears out. */
export interface RankingReproductionView extends RankingReproduction {
  rankingId: string;
  /** The record reproduced: the rows in force, as published or as last amended (GET /api/v1/rankings/{id}: `rows`). */
  reproduced: { eventId: string; type: 'RankingPublished' | 'RankingAmended' };
  /** That record's basis: the positions the log was replayed up to, and the instant the figures were judged at. */
  basis: RankingBasis;
  /** The rows computed again from the log. */
  rows: RankingRow[];
}

export class ReproduceRankingQuery extends Query<RankingReproductionView> {
  constructor(readonly rankingId: string) {
    super();
  }
}

/**
 * Computes a published ranking again from the event log alone (docs/ledger.md#reproducing-a-ranking):
 * each read model it is computed from replayed into private copies up to the checkpoint its basis
 * records (withReplayedCopies), the same rows computed from them at the same instant, and compared
 * with the rows in force. Refused when the running code defines the figures otherwise
 * (RANKING_SCHEME_CHANGED). The HTTP route's handler and `npm run ranking -- reproduce` call it.
 */
export async function reproduceRanking(pool: Pool, store: EventStore, rankingId: string): Promise<RankingReproductionView> {
  const ranking = await readRanking(store, rankingId);
  const amended = ranking.amendments.at(-1);
  const reproduced = amended
    ? { eventId: amended.eventId, type: 'RankingAmended' as const }
    : { eventId: ranking.published.eventId, type: 'RankingPublished' as const };
  const basis = (amended ?? ranking.published).basis;
  const refused = unreproducibleScheme(basis, RANKING_SCHEME_VERSION);
  if (refused) throw refused;
  const upTo = new Map(Object.entries(basis.readModels).map(([name, position]) => [name, BigInt(position)]));
  const rows = await withReplayedCopies(pool, store, RANKING_READ_MODELS, upTo, (client) =>
    rankingRowsIn(client, ranking.period, ranking.unitKind, ranking.rankBy, new Date(basis.computedAt)),
  );
  return { rankingId, reproduced, basis, ...reproductionOf(ranking.rows, rows), rows };
}

/**
 * POST /api/v1/rankings/{id}/reproduction (reproduceRanking). A replay reads the log up to the
 * position once; this process runs one at a time, so requests cost the database one replay's work at
 * once however many arrive.
 */
@QueryHandler(ReproduceRankingQuery)
export class ReproduceRankingHandler implements IQueryHandler<ReproduceRankingQuery, RankingReproductionView> {
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  execute({ rankingId }: ReproduceRankingQuery): Promise<RankingReproductionView> {
    const work = () => reproduceRanking(this.pool, this.store, rankingId);
    const next = this.running.then(work, work);
    this.running = next.catch(() => undefined);
    return next;
  }
}
