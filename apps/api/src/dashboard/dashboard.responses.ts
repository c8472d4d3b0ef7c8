import { ACCOUNTABILITY_FORMS } from '@app/domain';
import { TREND_INTERVALS } from '@app/projections/dashboard/dashboard-figures';
import { BREAKDOWN_BY } from './dashboard.request.dto';
import { defineSchema, S } from '../common/api-contract';

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
