import { endOfBeijingDay, type DeadlineKind, type LocalDate, type MeasureDeadlineKind } from '@app/domain';

/** One deadline of one unit on one case (sign for, handle): what the scheduler fires at most once. */
export interface UnitDeadlineKey {
  caseId: string;
  unitId: string;
  kind: DeadlineKind;
  dueDate: LocalDate;
}

/**
 * One deadline of one measure (its due date, its 回头看), in whichever stream holds the measure: a
 * case's (`case-…`) or a finding's (`finding-…`). The responsible unit is not part of its identity,
 * and the events that open a re-check or a reopened due date do not name it: null there, the table
 * takes it from the measure's earlier rows.
 */
export interface MeasureDeadlineKey {
  streamId: string;
  measureId: string;
  unitId: string | null;
  kind: MeasureDeadlineKind;
  dueDate: LocalDate;
}

export type DeadlineKey = UnitDeadlineKey | MeasureDeadlineKey;

export type DeadlineState = 'pending' | 'fired' | 'met' | 'cancelled';

export function isMeasureDeadline(key: DeadlineKey): key is MeasureDeadlineKey {
  return 'measureId' in key;
}

/**
 * The deadline's identity. Everything that tells two deadlines apart is in it, the due date
 * included: an extended deadline is a new deadline, and may pass once more. A unit's is
 * `caseId:unitId:kind:dueDate` (as it always was: the ids of rows and events already written stay
 * valid); a measure's `streamId:measureId:kind:dueDate`. Their kinds differ, so they never collide.
 */
export function deadlineIdOf(key: DeadlineKey): string {
  return isMeasureDeadline(key)
    ? `${key.streamId}:${key.measureId}:${key.kind}:${key.dueDate}`
    : `${key.caseId}:${key.unitId}:${key.kind}:${key.dueDate}`;
}

/** The instant the deadline passes: the due day is over in Beijing. */
export function fireAtOf(dueDate: LocalDate): Date {
  return endOfBeijingDay(dueDate);
}
