import type { LocalDate, WorkingCalendar } from '@app/domain';

/** 红牌 (red): the due day has ended in Beijing. 黄牌 (yellow): due today or within the warning window. */
export const CARDS = ['red', 'yellow'] as const;
export type Card = (typeof CARDS)[number];

/** Where an open deadline stands today, counted on the official working calendar (调休 included). */
export interface DeadlineStanding {
  card: Card;
  /** Working days from the due date to today (the due date itself not counted); 0 while not yet passed. */
  workingDaysOverdue: number;
  /** Working days from today to the due date (today not counted); 0 when due today or passed. */
  workingDaysLeft: number;
}

/**
 * A deadline's standing on `today`. A red card can show 0 working days overdue: due on a Friday and
 * looked at on the Saturday, the unit has not yet lost a working day.
 */
export function standingOf(calendar: WorkingCalendar, due: LocalDate, today: LocalDate): DeadlineStanding {
  return due < today
    ? { card: 'red', workingDaysOverdue: calendar.workingDaysBetween(due, today), workingDaysLeft: 0 }
    : { card: 'yellow', workingDaysOverdue: 0, workingDaysLeft: calendar.workingDaysBetween(today, due) };
}
