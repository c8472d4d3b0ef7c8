import { ACCOUNTABILITY_FORMS, type AccountabilityForm, type LocalDate } from '@app/domain';

/** A rate with what it is made of; `value` is numerator / denominator to 4 places, null when nothing was due. */
export interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
}

/**
 * What a leader sees for a set of cases (README.md in this folder defines each figure). Every
 * figure is about the cases received in the period (the intake cohort, 受理), as they stand today.
 */
export interface DashboardFigures {
  received: number;
  awaitingAcceptance: number;
  accepted: number;
  rejected: number;
  inProgress: number;
  closed: number;
  overdueNow: number;
  /** 响应率: dispatches signed for (签收) by their sign-for due date / dispatches whose outcome is known. */
  responseRate: Rate;
  /** 按时办结率: closed with the lead's complete report by its due date / cases closed or past due. */
  onTimeCompletionRate: Rate;
  /** 办结率: closed / accepted. */
  completionRate: Rate;
  /** 满意率: last return visit satisfied or basically satisfied / cases visited. */
  satisfactionRate: Rate;
  /** 重办率: cases reopened at least once / cases handled. */
  reopenRate: Rate;
  rectification: { planned: number; verified: number; overdue: number };
  accountability: { issued: number; byForm: Record<AccountabilityForm, number> };
}

/** Which cases: received from `from` to `to` (Beijing dates, inclusive), optionally one unit, category or channel. */
export interface DashboardScope {
  from: LocalDate;
  to: LocalDate;
  unitId: string | null;
  category: string | null;
  channel: string | null;
}

/** What a breakdown splits the figures by: the unit each figure answers for, or the category of the cases. */
export const BREAKDOWN_DIMENSIONS = ['unit', 'category'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export const TREND_INTERVALS = ['day', 'week', 'month'] as const;
export type TrendInterval = (typeof TREND_INTERVALS)[number];

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, value: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000 };
}

/** The figures of one bucket of received dates, clipped to the period. */
export interface DashboardBucket {
  /** `2026-11-16` (day), `2026-W47` (ISO week, Monday start) or `2026-11` (month). */
  label: string;
  from: LocalDate;
  to: LocalDate;
  figures: DashboardFigures;
}

/** The counters the figures are summed from (dashboard_counts, dashboard-counts.ts), in column order. */
export const DASHBOARD_COUNTERS = [
  // cases, under their lead
  'received',
  'awaiting_acceptance',
  'accepted',
  'rejected',
  'in_progress',
  'closed',
  'satisfied',
  'visited',
  'reopened',
  'handled',
  // in progress with an open round: overdue from the end of its due day
  'overdue_open',
  // closed, and missed in some round from an instant on (against on-time completion once reached)
  'closed_missable',
  // not closed, and missed in some round from an instant on (settles on-time completion once reached)
  'open_missable',
  // dispatches, under their unit
  'signed_on_time',
  'signed_for',
  // unsigned, still held (or given up after the due day): its outcome known from the end of the sign-for day
  'sign_for_lapsable',
  // measures, under the responsible unit
  'measures_planned',
  'measures_verified',
  // planned or rejected: overdue from the end of the due date
  'measures_open',
  // accountability decisions, under their target unit, and the forms they used
  'accountability_issued',
  ...ACCOUNTABILITY_FORMS.map((form) => `form_${form}`),
] as const;
export type DashboardCounter = (typeof DASHBOARD_COUNTERS)[number];

/** The counters that count something from an instant on, and keep it in dashboard_pending by that instant. */
export const PENDING_COUNTERS = ['overdue_open', 'closed_missable', 'open_missable', 'sign_for_lapsable', 'measures_open'] as const;
export type PendingCounter = (typeof PENDING_COUNTERS)[number];

/**
 * A figure as a sum of counters: `n(counter)` what was counted, `reached(counter)` of a counter that
 * counts from an instant on, what the as-of instant has reached. The one definition of each figure:
 * figuresOf applies it to the sums of the counters (the summary, a breakdown's row), the lists of
 * what a figure counts (DashboardReader.figureRows) to each fact row's own counters, where it is 1
 * for a row the figure counts and 0 for one it does not.
 */
export type FigureTerm = (n: (counter: DashboardCounter) => number, reached: (counter: PendingCounter) => number) => number;

/** The counts of cases: each a sum of case rows' counters. */
export const COUNT_FIGURES = {
  received: (n) => n('received'),
  awaitingAcceptance: (n) => n('awaiting_acceptance'),
  accepted: (n) => n('accepted'),
  rejected: (n) => n('rejected'),
  inProgress: (n) => n('in_progress'),
  closed: (n) => n('closed'),
  overdueNow: (_, reached) => reached('overdue_open'),
} as const satisfies Record<string, FigureTerm>;
export type CountFigure = keyof typeof COUNT_FIGURES;

/** What a rate's terms are about: case rows, or dispatch rows (the response rate). */
export type FigureRows = 'case' | 'dispatch';

/** The rates: numerator and denominator, of case rows or dispatch rows. */
export const RATE_FIGURES = {
  responseRate: {
    rows: 'dispatch',
    numerator: (n) => n('signed_on_time'),
    denominator: (n, reached) => n('signed_for') + reached('sign_for_lapsable'),
  },
  onTimeCompletionRate: {
    rows: 'case',
    numerator: (n, reached) => n('closed') - reached('closed_missable'),
    denominator: (n, reached) => n('closed') + reached('open_missable'),
  },
  completionRate: { rows: 'case', numerator: (n) => n('closed'), denominator: (n) => n('accepted') },
  satisfactionRate: { rows: 'case', numerator: (n) => n('satisfied'), denominator: (n) => n('visited') },
  reopenRate: { rows: 'case', numerator: (n) => n('reopened'), denominator: (n) => n('handled') },
} as const satisfies Record<string, { rows: FigureRows; numerator: FigureTerm; denominator: FigureTerm }>;
export type RateFigure = keyof typeof RATE_FIGURES;

/** The figures whose cases (or dispatches) can be listed, and the parts of a rate. */
export const LISTED_FIGURES = [...(Object.keys(COUNT_FIGURES) as CountFigure[]), ...(Object.keys(RATE_FIGURES) as RateFigure[])];
export type ListedFigure = CountFigure | RateFigure;
export const RATE_PARTS = ['numerator', 'denominator'] as const;
export type RatePart = (typeof RATE_PARTS)[number];

export function isRateFigure(figure: string): figure is RateFigure {
  return Object.prototype.hasOwnProperty.call(RATE_FIGURES, figure);
}

/** The term of a figure (a count) or of a rate's part (required for a rate), and the rows it sums. */
export function figureTerm(figure: ListedFigure, part: RatePart | null): { rows: FigureRows; term: FigureTerm } {
  if (isRateFigure(figure)) {
    if (part === null) throw new Error(`${figure} is a rate: its numerator or its denominator is listed`);
    const rate = RATE_FIGURES[figure];
    return { rows: rate.rows, term: rate[part] };
  }
  return { rows: 'case', term: COUNT_FIGURES[figure] };
}

/** The row "all units" of dashboard_counts: what the dashboard answers without a unit filter. */
export const ALL_UNITS = '*';
