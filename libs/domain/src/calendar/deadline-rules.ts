import type { Urgency } from '../case/case.model';
import { beijingDateOf, type LocalDate } from './local-date';
import { timeLimitsFor, type TimeLimitPolicy } from './time-limit-policy';
import type { WorkingCalendar } from './working-calendar';

/** Due dates and the versions of the data that produced them (recorded in the event). */
export interface DueDates {
  signForDue: LocalDate;
  handlingDue: LocalDate;
  calendarVersion: string;
  timeLimitsVersion: string;
}

/**
 * How due dates are computed: the calendar and the time-limit policy in force. Commands that set a
 * due date carry one, so `decide` stays pure and an audit can replay with the recorded versions.
 */
export class DeadlineRules {
  constructor(
    readonly calendar: WorkingCalendar,
    readonly policy: TimeLimitPolicy,
  ) {}

  /**
   * Sign-for counts from the day the unit is notified; handling counts from `handlingFrom` (the
   * day the complaint was received, or of the transfer or reopening that restarts the clock).
   */
  dueDates(category: string, urgency: Urgency, notifiedAt: string, handlingFrom: string): DueDates {
    const limits = timeLimitsFor(this.policy, category, urgency);
    const [notifiedOn, handlingFromDay] = [beijingDateOf(notifiedAt), beijingDateOf(handlingFrom)];
    const signForDue = this.calendar.addWorkingDays(notifiedOn, limits.signFor);
    const handlingDue = this.calendar.addWorkingDays(handlingFromDay, limits.handling);
    return {
      signForDue,
      handlingDue,
      // Every year the counting crossed, so an audit can replay it with the same data.
      calendarVersion: this.calendar.versionFor(notifiedOn, handlingFromDay, signForDue, handlingDue),
      timeLimitsVersion: this.policy.version,
    };
  }

  /** A due date moved by an extension (延期) of `workingDays`. */
  extend(due: LocalDate, workingDays: number): { newDue: LocalDate; calendarVersion: string } {
    const newDue = this.calendar.addWorkingDays(due, workingDays);
    return { newDue, calendarVersion: this.calendar.versionFor(due, newDue) };
  }
}
