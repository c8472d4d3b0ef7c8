import { beijingDateOf, endOfBeijingDay, type LocalDate } from '../calendar/local-date';
import type { Instant } from './case.model';

/**
 * Whether a deadline (签收 or 办结 time limit) was met, decided from recorded facts only: the due date
 * as recorded (a Beijing date, written with its calendar version on UnitNotified, CaseTransferred,
 * ExtensionGranted or CaseReopened) and the recorded instant of the act that meets it (the sign-for's
 * `acknowledgedAt`, the complete handling report's `reportedAt`). Never from whether or when the
 * scheduler wrote `DeadlinePassed`: that is the live alert, and figures must not depend on when it ran.
 *
 * - `met`: the act's Beijing date is on or before the due date;
 * - `missed`: the act came on a later Beijing date, or there is no act and the due day had ended in
 *   Beijing at `asOf` (the instant the figure is asked for, passed in: never the wall clock here);
 * - `open`: no act yet and the due day has not ended at `asOf`.
 */
export type DeadlineOutcome = 'met' | 'missed' | 'open';

/** One deadline as recorded: its due date and, once done, the instant of the act that meets it. */
export interface DeadlineFacts {
  due: LocalDate;
  doneAt: Instant | null;
}

/** The outcome of one deadline at `asOf`. */
export function deadlineOutcome(deadline: DeadlineFacts, asOf: Instant): DeadlineOutcome {
  if (deadline.doneAt !== null) return actMeets(deadline.due, deadline.doneAt) ? 'met' : 'missed';
  return Date.parse(asOf) >= lateFrom(deadline.due).getTime() ? 'missed' : 'open';
}

/** Whether an act at `doneAt` meets a deadline due on `due`: on or before the due date, in Beijing. */
export function actMeets(due: LocalDate, doneAt: Instant): boolean {
  return dayMeets(due, beijingDateOf(doneAt));
}

/** Whether an act on the Beijing date `doneOn` meets a deadline due on `due`: on or before it. */
export function dayMeets(due: LocalDate, doneOn: LocalDate): boolean {
  return doneOn <= due;
}

/**
 * The instant from which a deadline still without its act is missed: the end of its due day in
 * Beijing. Read models store it so an as-of query compares instants instead of re-deciding dates.
 */
export function lateFrom(due: LocalDate): Date {
  return endOfBeijingDay(due);
}

/**
 * A case's handling across its rounds (重办 starts a new round with a new due date): missed when any
 * round missed — a late round stays late, a reopening never makes a late case on time — met when
 * every round met, otherwise open. No round at all (never dispatched) is open.
 */
export function roundsOutcome(rounds: readonly DeadlineFacts[], asOf: Instant): DeadlineOutcome {
  if (missedAt(roundsLateness(rounds), asOf)) return 'missed';
  return roundsMet(rounds) ? 'met' : 'open';
}

/**
 * Whether every round was met: at least one, each with its act on or before its due date. Never a
 * matter of the instant asked (only a miss is): a read model can count it once, when it is recorded.
 */
export function roundsMet(rounds: readonly DeadlineFacts[]): boolean {
  return rounds.length > 0 && rounds.every((round) => round.doneAt !== null && actMeets(round.due, round.doneAt));
}

/** How rounds miss, apart from the instant asked (roundsOutcome's `missed`, in two parts a read model can keep). */
export interface RoundsLateness {
  /** Some round's act came after its due date: missed at any instant. */
  actLate: boolean;
  /** The earliest end of the due day of a round without its act: missed from then on; null: no such round. */
  openLateFrom: Date | null;
}

/** Whether rounds of that lateness are missed at `asOf`: an act came late, or an open round's due day had ended. */
export function missedAt(lateness: RoundsLateness, asOf: Instant): boolean {
  return lateness.actLate || (lateness.openLateFrom !== null && Date.parse(asOf) >= lateness.openLateFrom.getTime());
}

export function roundsLateness(rounds: readonly DeadlineFacts[]): RoundsLateness {
  const open = rounds.filter((round) => round.doneAt === null).map((round) => lateFrom(round.due).getTime());
  return {
    actLate: rounds.some((round) => round.doneAt !== null && !actMeets(round.due, round.doneAt)),
    openLateFrom: open.length === 0 ? null : new Date(Math.min(...open)),
  };
}

/**
 * The instant from which a deadline counts as missed: the end of its due day in Beijing, unless its
 * act met it (null: never missed). For an as-of instant at or after every recorded act — any figure
 * read models answer now — `missedFrom(d) <= asOf` exactly when `deadlineOutcome(d, asOf)` is
 * `missed` (a late act always comes after the due day ended). Read models store it so an SQL filter
 * or count "as of" an instant compares instants instead of deciding dates again.
 */
export function missedFrom(deadline: DeadlineFacts): Date | null {
  return deadline.doneAt !== null && actMeets(deadline.due, deadline.doneAt) ? null : lateFrom(deadline.due);
}

/** The earliest instant from which any of the rounds counts as missed; null when none ever does (all met). */
export function roundsMissedFrom(rounds: readonly DeadlineFacts[]): Date | null {
  const instants = rounds.map(missedFrom).filter((instant): instant is Date => instant !== null);
  return instants.length === 0 ? null : new Date(Math.min(...instants.map((i) => i.getTime())));
}
