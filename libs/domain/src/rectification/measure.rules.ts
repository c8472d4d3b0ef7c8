/**
 * The rules of a rectification measure (整改措施), whoever holds it: a complaint case
 * (case.decide.ts) and a finding of the ledger (finding.decide.ts) both decide their measures here,
 * so a rule changes in one place. Each function checks one step and answers the broken rule
 * (DomainError) or what the holder records; the holder names its own events, except the deadline
 * card, which is one event in both streams so one scheduler rule serves both.
 */
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR } from '../calendar/calendar-publication';
import { isCalendarDate } from '../calendar/instant';
import { beijingDateOf, endOfBeijingDay, isLocalDate, type LocalDate } from '../calendar/local-date';
import { CALENDAR_YEAR_MISSING, INVALID_DATE, type WorkingCalendar } from '../calendar/working-calendar';
import { DomainError } from '../shared/domain-error';
import type { Decision } from '../shared/decider';
import type { MarkMeasureDeadlinePassed, MeasureDeadline, MeasureDeadlinePassed } from './measure-deadline';
import { MeasureErrors as E } from './measure.errors';
import {
  DONE_MEASURE_STATUSES,
  OPEN_MEASURE_STATUSES,
  type MeasureDue,
  type MeasureRecord,
  type MeasureStatus,
  type PlannedMeasure,
} from './measure.model';

/** The stream that holds the measures, as its messages name it. */
export type MeasureHolder = 'case' | 'finding';

/** A measure of any holder, whatever fields its plan carries. */
type AnyMeasure = MeasureRecord<{ dueDate: LocalDate; responsibleUnitId: string }>;

/** The most working days a plan may count a due date over (about a year). */
export const MAX_MEASURE_WORKING_DAYS = 250;

/**
 * Numbers new measures on from those planned before (`M1`, `M2`, … through every plan), after
 * checking each due date is a real date within the calendar's years (INVALID_DATE: dueOnCalendar)
 * and none is before today in Beijing: a due date may be today. `dueField`: the name of a measure's due date in the holder's command, for the
 * field at fault.
 */
export function numberMeasures<Fields extends { dueDate: LocalDate }>(
  plans: readonly Fields[],
  plannedBefore: number,
  at: string,
  dueField = 'dueDate',
): PlannedMeasure<Fields>[] | DomainError {
  // A string that is no date (2026-13-01) would compare as one and be recorded: the read models cannot store it.
  const invalid = plans.findIndex((m) => typeof m.dueDate !== 'string' || !isCalendarDate(m.dueDate));
  if (invalid >= 0) return notOnCalendar(plans[invalid].dueDate, `measures[${invalid}].${dueField}`);
  const today = beijingDateOf(at);
  const late = plans.findIndex((m) => m.dueDate < today);
  if (late >= 0) {
    return new DomainError(E.MEASURE_DUE_IN_PAST, `Measure ${late + 1} is due before today`, { field: `measures[${late}].${dueField}` });
  }
  return plans.map((m, i) => ({ measureId: `M${plannedBefore + i + 1}`, ...m }));
}

/**
 * A due date given as a date is bounded by the years a working calendar can be published for
 * (CALENDAR_MIN_YEAR–CALENDAR_MAX_YEAR), not by the years published so far: a date needs no
 * calendar to be counted to, and the scheduler fires it at the end of that Beijing day whatever
 * calendar data exists, so a measure due in a year not yet published is allowed, as it always was.
 * What is refused is a date the calendar can never reach (9999-12-31), a deadline that would never
 * be overdue.
 */
function notOnCalendar(value: unknown, field: string): DomainError {
  const why = typeof value === 'string' && isLocalDate(value) ? `is outside ${CALENDAR_MIN_YEAR}–${CALENDAR_MAX_YEAR}` : 'is not a date';
  return new DomainError(INVALID_DATE, `"${String(value)}" ${why}`, { field });
}

/** A new due date (a reopened measure's) may be today but not earlier in Beijing. */
export function requireDueFromToday(dueDate: LocalDate, at: string, field: string): DomainError | null {
  return dueDate < beijingDateOf(at) ? new DomainError(E.MEASURE_DUE_IN_PAST, `${dueDate} is before today`, { field }) : null;
}

/**
 * The due date a plan gives: the date itself, or counted in working days on the calendar in force
 * (its data version recorded, so an audit counts the same). Counting into a year without calendar
 * data is CALENDAR_YEAR_MISSING naming `field`, the due the request gave: the caller can give a date
 * instead, or fewer days.
 */
export function dueDateOf(
  due: MeasureDue,
  calendar: WorkingCalendar,
  field: string,
): { dueDate: LocalDate; calendarVersion?: string } | DomainError {
  if ('date' in due) return isCalendarDate(due.date) ? { dueDate: due.date } : notOnCalendar(due.date, field);
  if (!Number.isInteger(due.workingDays) || due.workingDays < 1 || due.workingDays > MAX_MEASURE_WORKING_DAYS) {
    return new DomainError(E.INVALID_WORKING_DAYS, `workingDays must be an integer from 1 to ${MAX_MEASURE_WORKING_DAYS}`, {
      field: `${field}.workingDays`,
    });
  }
  if (!isLocalDate(due.from)) return new DomainError(INVALID_DATE, `"${due.from}" is not a date`, { field: `${field}.from` });
  try {
    const dueDate = calendar.addWorkingDays(due.from, due.workingDays);
    return { dueDate, calendarVersion: calendar.versionFor(due.from, dueDate) };
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== CALENDAR_YEAR_MISSING) throw error;
    return new DomainError(error.code, error.message, { ...error.details, field });
  }
}

/**
 * The measure with that id, or MEASURE_NOT_FOUND naming the command's `measureId` as the field at
 * fault: a case's measure is named in the body (422 naming it); a finding's in the path, where the
 * API answers 404 for it (path-not-found.ts).
 */
export function findMeasure<Measure extends AnyMeasure>(
  measures: readonly Measure[],
  measureId: string,
  holder: MeasureHolder,
): Measure | DomainError {
  return (
    measures.find((m) => m.measureId === measureId) ??
    new DomainError(E.MEASURE_NOT_FOUND, `No measure ${measureId} on this ${holder}`, { measureId, field: 'measureId' })
  );
}

/**
 * Who may report on a measure: the unit that answers for all of the holder's measures (a case's
 * lead, the unit a finding is against), or the measure's own responsible unit.
 */
export function requireMayReport(measure: AnyMeasure, unitId: string, answersForAll: boolean): DomainError | null {
  if (answersForAll || measure.responsibleUnitId === unitId) return null;
  return new DomainError(E.MEASURE_NOT_YOURS, `Unit ${unitId} is not responsible for measure ${measure.measureId}`, {
    measureId: measure.measureId,
    unitId,
  });
}

/** What a refusal about a measure says of it (aboutMeasure): a type, not an interface, to be a DomainError's details. */
type AboutMeasure = {
  measureId: string;
  measureStatus: MeasureStatus;
  field?: string;
};

/**
 * What a refusal about the measure says of it: its id and status, and the request's field that named
 * it when a body did (`measureField`: a case's `measureId`). A finding's measure is named by the path
 * (`…/measures/{mid}/…`), which is no field of the body: none then. The status is `measureStatus`, as
 * a case's is `caseStatus`: over HTTP the details become members of the problem, whose `status` is
 * the HTTP status (a detail named `status` was overwritten there; problem-details.filter.spec.ts
 * checks that no DomainError's details use a member of the problem's own).
 */
function aboutMeasure(measure: AnyMeasure, measureField: string | undefined): AboutMeasure {
  const about = { measureId: measure.measureId, measureStatus: measure.status };
  return measureField === undefined ? about : { ...about, field: measureField };
}

/**
 * Progress and completion are reported only while the work is owed: planned, in progress, rejected
 * or reopened. `measureField`: the body's field that named the measure, if one did (aboutMeasure).
 */
export function requireOpenMeasure(measure: AnyMeasure, measureField?: string): DomainError | null {
  if (OPEN_MEASURE_STATUSES.includes(measure.status)) return null;
  return new DomainError(E.MEASURE_NOT_OPEN, `Measure ${measure.measureId} is ${measure.status}`, aboutMeasure(measure, measureField));
}

/**
 * 验收: approve, or reject with a reason, a measure reported done. A measure verified already (and
 * perhaps re-checked since) is MEASURE_ALREADY_VERIFIED, approving or rejecting: its work was
 * reported and accepted, so "not reported done" would be false; one whose work is still owed
 * (planned, in progress, rejected, reopened) is MEASURE_NOT_REPORTED. `measureField`: the body's
 * field that named the measure, if one did (aboutMeasure).
 */
export function verdictOn(
  measure: AnyMeasure,
  approve: boolean,
  note: string | null,
  measureField?: string,
): { approved: true; note: string | null } | { approved: false; reason: string } | DomainError {
  if (measure.status === 'verified' || measure.status === 'rechecked') {
    const since = measure.status === 'rechecked' ? ' and re-checked (回头看)' : '';
    return new DomainError(
      E.MEASURE_ALREADY_VERIFIED,
      `Measure ${measure.measureId} has already been verified${since}: there is nothing left to verify`,
      aboutMeasure(measure, measureField),
    );
  }
  if (measure.status !== 'reported') {
    return new DomainError(
      E.MEASURE_NOT_REPORTED,
      `Measure ${measure.measureId} has not been reported done (it is ${measure.status})`,
      aboutMeasure(measure, measureField),
    );
  }
  if (approve) return { approved: true, note };
  if (!note) return new DomainError(E.REJECTION_REASON_REQUIRED, 'Say why the rectification is rejected', { field: 'note' });
  return { approved: false, reason: note };
}

/**
 * The day the 回头看 re-check is due by: `workingDays` working days after the day of verification
 * (the ledger's configured interval), with the calendar data that counted it.
 */
export function recheckDueAfter(
  verifiedAt: string,
  workingDays: number,
  calendar: WorkingCalendar,
): { recheckDue: LocalDate; calendarVersion: string } {
  const verifiedOn = beijingDateOf(verifiedAt);
  const recheckDue = calendar.addWorkingDays(verifiedOn, workingDays);
  return { recheckDue, calendarVersion: calendar.versionFor(verifiedOn, recheckDue) };
}

/**
 * The 回头看 outcome on a verified measure: confirmed, or reopened with a reason (the work did not
 * hold). A measure is re-checked once per verification: a reopened one is verified again first. One
 * re-checked already is MEASURE_ALREADY_RECHECKED ("not verified" would be false: it was, and was
 * re-checked); any other is MEASURE_NOT_VERIFIED. `measureField`: as verdictOn's.
 */
export function recheckOutcome(
  measure: AnyMeasure,
  confirmed: boolean,
  note: string | null,
  measureField?: string,
): { confirmed: true; note: string | null } | { confirmed: false; reason: string } | DomainError {
  if (measure.status === 'rechecked') {
    return new DomainError(
      E.MEASURE_ALREADY_RECHECKED,
      `Measure ${measure.measureId} has already been re-checked (回头看) since its verification: it is re-checked once per verification`,
      aboutMeasure(measure, measureField),
    );
  }
  if (measure.status !== 'verified') {
    return new DomainError(
      E.MEASURE_NOT_VERIFIED,
      `Measure ${measure.measureId} is ${measure.status}; only a verified measure is re-checked`,
      aboutMeasure(measure, measureField),
    );
  }
  if (confirmed) return { confirmed: true, note };
  if (!note) return new DomainError(E.REOPEN_REASON_REQUIRED, 'Say what the re-check found wanting', { field: 'note' });
  return { confirmed: false, reason: note };
}

/**
 * The scheduler's command for a measure's deadline, once its day has ended in Beijing: the red card
 * (`MeasureDeadlinePassed`, the same event in a case's stream and a finding's) while the deadline is
 * still open, nothing when it was met, moved or already marked. A due date is met by work reported
 * done before the day ended and not since rejected or reopened; a re-check due date by the re-check
 * itself. Not yet passed is DEADLINE_NOT_YET_PASSED, an unknown measure MEASURE_NOT_FOUND.
 */
export function decideMeasureDeadline(
  measures: readonly AnyMeasure[],
  command: MarkMeasureDeadlinePassed,
  holder: MeasureHolder,
): Decision<MeasureDeadlinePassed> {
  const endOfDue = endOfBeijingDay(command.dueDate).getTime();
  if (Date.parse(command.at) < endOfDue) {
    return new DomainError(E.DEADLINE_NOT_YET_PASSED, `${command.dueDate} has not ended yet in Beijing`, { dueDate: command.dueDate });
  }
  const measure = findMeasure(measures, command.measureId, holder);
  if (measure instanceof DomainError) return measure;
  const { measureId, deadline, dueDate } = command;
  const stillOpen = deadline === 'measure_due' ? dueStillOpen(measure, dueDate, endOfDue) : recheckStillOpen(measure, dueDate);
  return stillOpen ? [{ type: 'MeasureDeadlinePassed', data: { measureId, deadline, unitId: measure.responsibleUnitId, dueDate } }] : [];
}

function dueStillOpen(measure: AnyMeasure, dueDate: LocalDate, endOfDue: number): boolean {
  if (measure.dueDate !== dueDate || measure.duePassedFor === dueDate) return false;
  // Undefined: a report recorded before its instant was (an old case report), taken as in time.
  const inTime = measure.completedAt === undefined || (measure.completedAt !== null && Date.parse(measure.completedAt) < endOfDue);
  return !(DONE_MEASURE_STATUSES.includes(measure.status) && inTime);
}

function recheckStillOpen(measure: AnyMeasure, dueDate: LocalDate): boolean {
  return measure.status === 'verified' && measure.recheckDue === dueDate && measure.recheckPassedFor !== dueDate;
}

/**
 * The deadlines of these measures still to be watched — for the scheduler's table and the yellow and
 * red cards of the overdue list: each measure's due date while the work is owed, and its re-check
 * due date while the verified measure awaits its 回头看. A deadline already marked passed is not
 * watched again.
 */
export function openMeasureDeadlines(measures: readonly AnyMeasure[]): MeasureDeadline[] {
  const open: MeasureDeadline[] = [];
  for (const m of measures) {
    if (OPEN_MEASURE_STATUSES.includes(m.status) && m.duePassedFor !== m.dueDate) {
      open.push({ measureId: m.measureId, deadline: 'measure_due', unitId: m.responsibleUnitId, dueDate: m.dueDate });
    }
    if (m.status === 'verified' && m.recheckDue && m.recheckPassedFor !== m.recheckDue) {
      open.push({ measureId: m.measureId, deadline: 'recheck', unitId: m.responsibleUnitId, dueDate: m.recheckDue });
    }
  }
  return open;
}
