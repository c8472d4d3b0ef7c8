import { ACCOUNTABILITY_FORMS } from '@app/domain';
import { LISTED_FIGURES, RATE_PARTS, TREND_INTERVALS } from '@app/projections/dashboard/dashboard-figures';
import { BREAKDOWN_BY, LIST_UNIT_KINDS } from './dashboard.request.dto';
import { defineSchema, pageOf, S } from '../common/api-contract';

const count = () => S.integer({ minimum: 0 });
/** {numerator, denominator, value}; value null when the denominator is 0. */
const RATE = S.object({ numerator: count(), denominator: count(), value: S.nullable(S.number({ minimum: 0, maximum: 1 })) });

/** The figures of a set of cases (DashboardFigures, projections/dashboard). */
const FIGURES = defineSchema(
  'DashboardFigures',
  S.object({
    received: count(),
    awaitingAcceptance: count(),
    accepted: count(),
    rejected: count(),
    inProgress: count(),
    closed: count(),
    overdueNow: count(),
    responseRate: RATE,
    onTimeCompletionRate: RATE,
    completionRate: RATE,
    satisfactionRate: RATE,
    reopenRate: RATE,
    rectification: S.object({ planned: count(), verified: count(), overdue: count() }),
    accountability: S.object({ issued: count(), byForm: S.object(Object.fromEntries(ACCOUNTABILITY_FORMS.map((f) => [f, count()]))) }),
  }),
);

const CONTEXT = {
  period: S.object({ from: S.date(), to: S.date() }),
  filters: S.object({ unitId: S.nullable(S.string()), category: S.nullable(S.string()), channel: S.nullable(S.string()) }),
  today: S.date(),
};

export const DASHBOARD_SUMMARY = defineSchema('DashboardSummary', S.object({ ...CONTEXT, figures: FIGURES }));

export const DASHBOARD_TREND = defineSchema(
  'DashboardTrend',
  S.object({
    ...CONTEXT,
    interval: S.enum(TREND_INTERVALS),
    buckets: S.array(S.object({ label: S.string(), from: S.date(), to: S.date(), figures: FIGURES })),
  }),
);

export const DASHBOARD_BREAKDOWN = defineSchema(
  'DashboardBreakdown',
  S.object({
    ...CONTEXT,
    by: S.enum(BREAKDOWN_BY),
    rows: S.array(S.object({ key: S.nullable(S.string()), label: S.string(), figures: FIGURES })),
  }),
);

export const DASHBOARD_CASES = defineSchema(
  'DashboardCases',
  pageOf(
    S.object({
      caseId: S.string(),
      title: S.string(),
      category: S.string(),
      channel: S.string(),
      receivedOn: S.date(),
      status: S.enum(['filed', 'accepted', 'rejected', 'in_progress', 'closed']),
      leadUnitId: S.nullable(S.string()),
      leadUnitName: S.nullable(S.string()),
      dispatch: S.nullable(
        S.object({
          unitId: S.string(),
          unitName: S.string(),
          role: S.string(),
          notifiedOn: S.date(),
          acknowledgedOn: S.nullable(S.date()),
        }),
      ),
      deadline: S.nullable(S.object({ dueOn: S.nullable(S.date()), outcome: S.enum(['met', 'missed']) })),
    }),
    {
      ...CONTEXT,
      figure: S.enum(LISTED_FIGURES),
      part: S.nullable(S.enum(RATE_PARTS)),
      unitKind: S.nullable(S.enum(LIST_UNIT_KINDS)),
      rows: S.enum(['case', 'dispatch']),
      total: count(),
    },
  ),
);
