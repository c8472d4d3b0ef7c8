import type { RankingBasis, RankingDifference, RankingPeriod, RankingRow } from './ranking.model';

type Event<Type extends string, Data> = { type: Type; data: Data };

/** A ranking published (排名通报): the rows as computed, and where in the log they were computed. */
export type RankingPublished = Event<
  'RankingPublished',
  {
    rankingId: string;
    title: string;
    period: RankingPeriod;
    unitKind: string;
    rankBy: string[];
    basis: RankingBasis;
    rows: RankingRow[];
    publishedAt: string;
  }
>;
/** A correction (更正): the rows computed again, why, and each figure it changed. The published rows stay in the log. */
export type RankingAmended = Event<
  'RankingAmended',
  { reason: string; basis: RankingBasis; rows: RankingRow[]; differences: RankingDifference[]; amendedAt: string }
>;

export type RankingEvent = RankingPublished | RankingAmended;
export type RankingEventType = RankingEvent['type'];

export const RANKING_EVENT_SCHEMA_VERSIONS: Readonly<Record<RankingEventType, number>> = {
  RankingPublished: 1,
  RankingAmended: 1,
};

/** The stream of one ranking. */
export const rankingStreamId = (rankingId: string): string => `ranking-${rankingId}`;
export const RANKING_STREAM_PREFIX = 'ranking-';
