import { DeciderSpecification } from '../shared/decider-specification';
import { rankingDecider, RankingErrors as E, type AmendRanking, type PublishRanking } from './ranking.decider';
import type { RankingEvent } from './ranking.events';
import { rankRows, type RankingBasis } from './ranking.model';

const spec = DeciderSpecification.for(rankingDecider);
const AT = '2026-12-01T09:00:00+08:00';
const BASIS: RankingBasis = {
  position: '1200',
  readModels: { dashboard: '1200', rectifications: '1210' },
  schemeVersion: 'dashboard@v3 rectifications@v2',
  computedAt: AT,
};
const NOVEMBER = { kind: 'month' as const, label: '2026-11', from: '2026-11-01', to: '2026-11-30' };
const ROWS = rankRows(
  [
    { unitId: 'dept-tax', name: '区税务局', figures: { onTimeCompletionRate: 0.95, satisfactionRate: 0.9 } },
    { unitId: 'dept-market', name: '区市场监管局', figures: { onTimeCompletionRate: 0.8, satisfactionRate: 1 } },
  ],
  ['onTimeCompletionRate', 'satisfactionRate'],
);
const publish: PublishRanking = {
  type: 'PublishRanking',
  at: AT,
  rankingId: 'PM-2026-11-department',
  title: '2026年11月部门办件排名',
  period: NOVEMBER,
  unitKind: 'department',
  rankBy: ['onTimeCompletionRate', 'satisfactionRate'],
  basis: BASIS,
  rows: ROWS,
};
const { type: _t, at: _a, ...published } = publish;
const publishedEvent: RankingEvent = { type: 'RankingPublished', data: { ...published, publishedAt: AT } };
const amend = (over: Partial<AmendRanking> = {}): AmendRanking => ({
  type: 'AmendRanking',
  at: '2026-12-03T09:00:00+08:00',
  reason: '区市场监管局11月两件办结时间录入有误，更正后重新计算',
  basis: { ...BASIS, position: '1350' },
  rows: rankRows(
    [
      { unitId: 'dept-tax', name: '区税务局', figures: { onTimeCompletionRate: 0.95, satisfactionRate: 0.9 } },
      { unitId: 'dept-market', name: '区市场监管局', figures: { onTimeCompletionRate: 1, satisfactionRate: 1 } },
    ],
    ['onTimeCompletionRate', 'satisfactionRate'],
  ),
  ...over,
});

describe('a ranking (排名通报) is published once and corrected only by an amendment that names its differences', () => {
  it('ranks by each figure in turn, higher first, nothing counted last; equal units share a rank', () => {
    const ranked = rankRows(
      [
        { unitId: 'b', name: 'B', figures: { rate: 0.9 } },
        { unitId: 'a', name: 'A', figures: { rate: 0.9 } },
        { unitId: 'c', name: 'C', figures: { rate: null } },
        { unitId: 'd', name: 'D', figures: { rate: 1 } },
      ],
      ['rate'],
    );
    expect(ranked.map((r) => `${r.rank}:${r.unitId}`)).toEqual(['1:d', '2:a', '2:b', '4:c']);
  });

  it('publishing records the rows with the log position and the definitions they were computed at', () => {
    spec.given([]).when(publish).then([publishedEvent]);
  });

  it('a ranking is of a period that has begun: one of next month is refused; the month in progress may be ranked', () => {
    const december = { kind: 'month' as const, label: '2026-12', from: '2026-12-01', to: '2026-12-31' };
    spec
      .given([])
      .when({ ...publish, at: '2026-11-30T23:59:00+08:00', period: december })
      .thenError(E.RANKING_PERIOD_NOT_BEGUN);
    spec
      .given([])
      .when({ ...publish, at: '2026-12-01T00:00:00+08:00', period: december })
      .then([{ type: 'RankingPublished', data: { ...published, period: december, publishedAt: '2026-12-01T00:00:00+08:00' } }]);
  });

  it('a ranking is published once: a second publication is refused', () => {
    spec.given([publishedEvent]).when(publish).thenError(E.RANKING_ALREADY_PUBLISHED);
  });

  it('an amendment records the rows computed again, why, and every figure and rank it changed', () => {
    const amendment = amend();
    spec
      .given([publishedEvent])
      .when(amendment)
      .then([
        {
          type: 'RankingAmended',
          data: {
            reason: amendment.reason,
            basis: amendment.basis,
            rows: amendment.rows,
            differences: [
              { unitId: 'dept-market', field: 'rank', before: 2, after: 1 },
              { unitId: 'dept-market', field: 'onTimeCompletionRate', before: 0.8, after: 1 },
              { unitId: 'dept-tax', field: 'rank', before: 1, after: 2 },
            ],
            amendedAt: amendment.at,
          },
        },
      ]);
  });

  it('an amendment needs a reason and a change, and a ranking that exists', () => {
    spec
      .given([publishedEvent])
      .when(amend({ reason: ' ' }))
      .thenError(E.AMENDMENT_REASON_REQUIRED, { field: 'reason' });
    spec
      .given([publishedEvent])
      .when(amend({ reason: '\u200b' }))
      .thenError(E.AMENDMENT_REASON_REQUIRED, { field: 'reason' });
    spec
      .given([publishedEvent])
      .when(amend({ rows: ROWS }))
      .thenError(E.AMENDMENT_CHANGES_NOTHING);
    spec.given([]).when(amend()).thenError(E.RANKING_NOT_FOUND);
  });
});
