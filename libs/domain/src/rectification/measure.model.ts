import type { LocalDate } from '../calendar/local-date';

/** An ISO-8601 instant (the case model's `Instant`, restated so this module depends on no aggregate). */
type Instant = string;

/**
 * One rectification measure (整改措施) as its holder plans it: a case's measures (RectificationPlanned)
 * and a finding's (MeasuresPlanned) share this shape. The fields a finding's measure adds are
 * optional, so a case's measures keep their recorded shape to the byte.
 */
export interface MeasureFields {
  description: string;
  /** 责任单位 */
  responsibleUnitId: string;
  /** 责任领导 */
  responsibleLeader: string;
  /** 完成时限: the last day, in Beijing, the measure may be reported done in time. */
  dueDate: LocalDate;
  /** 立即解决 / 督促解决 / 研究解决 / 向上反映 (a finding's measures only). */
  sizeClass?: SizeClass;
  /** One of the configured measure categories (a finding's measures only). */
  category?: string;
  /** Present when the due date was counted in working days: the calendar data that counted it. */
  calendarVersion?: string;
}

/** A planned measure with the id its holder gave it (`M1`, `M2`, … in order of planning). */
export type PlannedMeasure<Fields extends { dueDate: LocalDate } = MeasureFields> = { measureId: string } & Fields;

/**
 * How big the problem behind a measure is, after seed 000's "小问题立即解决、中问题督促解决、
 * 大问题研究解决和向上反映争取解决".
 */
export const SIZE_CLASSES = [
  'immediate', // 立即解决: a small problem, solved at once
  'supervised', // 督促解决: a middling one, solved under supervision
  'studied', // 研究解决: a big one, solved after study
  'escalated', // 向上反映: beyond the unit, reported upwards to be solved
] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

/**
 * A due date as a plan gives it: a date, or a number of working days counted on the official
 * calendar from a date (the day itself not counted, as every deadline here).
 */
export type MeasureDue = { date: LocalDate } | { workingDays: number; from: LocalDate };

/**
 * Where a measure stands. A case's measures only ever reach planned, reported, verified and
 * rejected (the case has its own look-back, ReopenClosedCase); a finding's also go in progress, are
 * re-checked (回头看) and may be reopened by the re-check.
 */
export const MEASURE_STATUSES = ['planned', 'in_progress', 'reported', 'verified', 'rejected', 'rechecked', 'reopened'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

/** Statuses in which the responsible unit still owes the work: it may report on the measure. */
export const OPEN_MEASURE_STATUSES: readonly MeasureStatus[] = ['planned', 'in_progress', 'rejected', 'reopened'];
/** Statuses in which the work was reported done and not (yet) found wanting. */
export const DONE_MEASURE_STATUSES: readonly MeasureStatus[] = ['reported', 'verified', 'rechecked'];

/** A measure as its holder's state keeps it: the plan, where it stands, and its deadlines. */
export type MeasureRecord<Fields extends { dueDate: LocalDate } = MeasureFields> = PlannedMeasure<Fields> & {
  status: MeasureStatus;
  /**
   * When the work was last reported done. Undefined where the event does not record it (a case's
   * RectificationReported written before it carried `reportedAt`): such a report counts as in time,
   * as the case's own deadlines do for events older than their instants.
   */
  completedAt?: Instant | null;
  /** The due date already marked passed (a reopened measure's new due date can pass again). */
  duePassedFor: LocalDate | null;
  /** The day the 回头看 re-check is due by, once verified with one scheduled. */
  recheckDue: LocalDate | null;
  /** The re-check due date already marked passed. */
  recheckPassedFor: LocalDate | null;
};
