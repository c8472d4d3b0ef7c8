import { endOfBeijingDay, type DeadlineKind, type LocalDate } from '@app/domain';

/** One deadline of one unit on one case: what the scheduler fires at most once. */
export interface DeadlineKey {
  caseId: string;
  unitId: string;
  kind: DeadlineKind;
  dueDate: LocalDate;
}

export type DeadlineState = 'pending' | 'fired' | 'met' | 'cancelled';

/**
 * The deadline's identity. Everything that tells two deadlines apart is in it, the due date
 * included: an extended deadline is a new deadline, and may pass once more.
 */
export function deadlineIdOf(key: DeadlineKey): string {
  return `${key.caseId}:${key.unitId}:${key.kind}:${key.dueDate}`;
}

/** The instant the deadline passes: the due day is over in Beijing. */
export function fireAtOf(dueDate: LocalDate): Date {
  return endOfBeijingDay(dueDate);
}
