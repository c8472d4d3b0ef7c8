import type { LocalDate } from '../calendar/local-date';

/**
 * A measure's deadlines as the scheduler sees them, the same for a case's measures and a finding's:
 * one command it sends and one event that records the red card, whichever stream holds the measure.
 */

/** The two deadlines of a measure: its 完成时限, and the 回头看 re-check after verification. */
export const MEASURE_DEADLINE_KINDS = ['measure_due', 'recheck'] as const;
export type MeasureDeadlineKind = (typeof MEASURE_DEADLINE_KINDS)[number];

/**
 * A deadline of a measure the scheduler should watch (and the overdue list show with its card):
 * its identity is holder stream + measureId + kind + dueDate, so a new due date is a new deadline.
 */
export interface MeasureDeadline {
  measureId: string;
  deadline: MeasureDeadlineKind;
  /** Who is pressed: the measure's responsible unit (责任单位), for its due date and its re-check alike. */
  unitId: string;
  dueDate: LocalDate;
}

/** Issued by the deadline scheduler once `dueDate` has ended in Beijing, never by a person. */
export type MarkMeasureDeadlinePassed = {
  type: 'MarkMeasureDeadlinePassed';
  at: string;
  measureId: string;
  deadline: MeasureDeadlineKind;
  dueDate: LocalDate;
};

/**
 * The red card of a measure: its due date ended with the work not done in time (`measure_due`), or
 * its 回头看 came due with no re-check recorded (`recheck`; a case's measures have none). Its own
 * event, not the case's DeadlinePassed: that one names a unit's sign-for or handling deadline
 * (kinds the overdue list and its API know), while a measure's deadline is known by its measure id.
 */
export type MeasureDeadlinePassed = { type: 'MeasureDeadlinePassed'; data: MeasureDeadline };
