import { defineSchema, pageOf, S } from '../common/api-contract';

const BASIS = defineSchema(
  'RankingBasis',
  S.object({
    position: S.position(),
    readModels: S.record(S.position()),
    schemeVersion: S.string({ description: 'The definitions the figures follow (read models and versions)' }),
    computedAt: S.instant(),
  }),
);
const ROW = defineSchema(
  'RankingRow',
  S.object({
    unitId: S.string(),
    name: S.string(),
    rank: S.integer({ minimum: 1 }),
    figures: S.record(S.nullable(S.number())),
  }),
);
const DIFFERENCE = defineSchema(
  'RankingDifference',
  S.object({ unitId: S.string(), field: S.string(), before: S.nullable(S.number()), after: S.nullable(S.number()) }),
);

const PERIOD = S.object({ kind: S.enum(['month', 'year']), label: S.string(), from: S.date(), to: S.date() });

/** A page of the rankings published (RankingPage), oldest first. */
export const RANKING_PAGE = defineSchema(
  'RankingPage',
  pageOf(
    S.object({
      rankingId: S.string(),
      title: S.string(),
      period: PERIOD,
      unitKind: S.string(),
      units: { ...S.integer({ minimum: 0 }), description: 'Rows as published' },
      publishedAt: S.instant(),
    }),
  ),
);

/** A published ranking with its amendments (RankingView). */
export const RANKING = defineSchema(
  'Ranking',
  S.object({
    rankingId: S.string(),
    title: S.string(),
    period: PERIOD,
    unitKind: S.string(),
    rankBy: S.array(S.string()),
    rows: S.array(ROW),
    published: S.object({ eventId: S.string(), basis: BASIS, rows: S.array(ROW), publishedAt: S.instant() }),
    amendments: S.array(
      S.object({ eventId: S.string(), reason: S.string(), basis: BASIS, differences: S.array(DIFFERENCE), amendedAt: S.instant() }),
    ),
    version: S.integer({ minimum: 1 }),
  }),
);

/** What a reproduction found (RankingReproductionView). */
export const RANKING_REPRODUCTION = defineSchema(
  'RankingReproduction',
  S.object({
    rankingId: S.string(),
    reproduced: S.object({
      eventId: S.string({ description: 'The record checked: the rows in force, as published or as last amended' }),
      type: S.enum(['RankingPublished', 'RankingAmended']),
    }),
    basis: BASIS,
    identical: { ...S.boolean(), description: 'Every rank and figure computed again from the log is the one recorded' },
    differences: {
      ...S.array(DIFFERENCE),
      description: 'Each rank or figure that is not: `before` as recorded, `after` as computed again (empty when identical)',
    },
    rows: { ...S.array(ROW), description: 'The rows computed again from the log, up to the basis’s positions and at its instant' },
  }),
);
