import type { AccountabilityForm, LocalDate } from '@app/domain';

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
