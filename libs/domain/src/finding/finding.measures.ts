/**
 * A finding's measures: each command checked by the shared measure rules
 * (rectification/measure.rules.ts, the same as a case's), then recorded as the finding's events.
 */
import { isListed } from '../rectification/ledger-configuration';
import { SIZE_CLASSES } from '../rectification/measure.model';
import {
  decideMeasureDeadline,
  dueDateOf,
  findMeasure,
  numberMeasures,
  recheckDueAfter,
  recheckOutcome,
  requireDueFromToday,
  requireMayReport,
  requireOpenMeasure,
  verdictOn,
} from '../rectification/measure.rules';
import type { Decision } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import type * as C from './finding.commands';
import { FindingErrors as E } from './finding.errors';
import type { FindingEvent } from './finding.events';
import type { FindingMeasureFields } from './finding.model';
import type { FindingState } from './finding.state';

type MeasureCommand = Exclude<C.FindingCommand, C.RaiseFinding | C.WithdrawFinding | C.IssueFindingAccountability | C.EraseRaiserIdentity>;

/** Decides a command on the measures of an open finding. */
export function decideMeasureCommand(command: MeasureCommand, state: FindingState): Decision<FindingEvent> {
  switch (command.type) {
    case 'PlanMeasures':
      return plan(command, state);
    case 'ReportMeasureProgress':
    case 'ReportMeasureCompletion':
      return report(command, state);
    case 'VerifyMeasure':
      return verify(command, state);
    case 'RecheckMeasure':
      return recheck(command, state);
    case 'MarkMeasureDeadlinePassed':
      return decideMeasureDeadline(state.measures, command, 'finding');
  }
}

/** The unit the finding is against plans its measures, each with a size class and a configured category. */
function plan(c: C.PlanMeasures, state: FindingState): Decision<FindingEvent> {
  if (c.unitId !== state.unitId) {
    return new DomainError(E.FINDING_NOT_YOURS, `The finding is against ${state.unitId}, not ${c.unitId}`, { unitId: c.unitId });
  }
  if (c.measures.length === 0) return new DomainError(E.MEASURES_EMPTY, 'Give at least one measure', { field: 'measures' });
  const fields: FindingMeasureFields[] = [];
  for (const [i, m] of c.measures.entries()) {
    if (!SIZE_CLASSES.includes(m.sizeClass)) {
      return new DomainError(E.INVALID_SIZE_CLASS, `A size class is one of ${SIZE_CLASSES.join(', ')}`, {
        field: `measures[${i}].sizeClass`,
      });
    }
    if (!isListed(c.ledger.measureCategories, m.category)) {
      return new DomainError(E.UNKNOWN_MEASURE_CATEGORY, `"${m.category}" is not a measure category of ${c.ledger.version}`, {
        field: `measures[${i}].category`,
      });
    }
    const due = dueDateOf(m.due, c.calendar, `measures[${i}].due`);
    if (due instanceof DomainError) return due;
    const { description, responsibleUnitId, responsibleLeader, sizeClass, category } = m;
    fields.push({ description, responsibleUnitId, responsibleLeader, ...due, sizeClass, category });
  }
  const measures = numberMeasures(fields, state.measures.length, c.at, 'due');
  if (measures instanceof DomainError) return measures;
  return [{ type: 'MeasuresPlanned', data: { unitId: c.unitId, measures } }];
}

/** Progress and completion: the finding's unit answers for every measure, another unit for its own. */
function report(c: C.ReportMeasureProgress | C.ReportMeasureCompletion, state: FindingState): Decision<FindingEvent> {
  const measure = findMeasure(state.measures, c.measureId, 'finding');
  if (measure instanceof DomainError) return measure;
  const broken = requireMayReport(measure, c.unitId, c.unitId === state.unitId) ?? requireOpenMeasure(measure);
  if (broken) return broken;
  const { measureId, unitId, at: reportedAt } = c;
  return c.type === 'ReportMeasureProgress'
    ? [{ type: 'MeasureProgressReported', data: { measureId, unitId, progress: c.progress, reportedAt } }]
    : [{ type: 'MeasureCompletionReported', data: { measureId, unitId, report: c.report, reportedAt } }];
}

/** 验收: approval schedules the 回头看 the configured number of working days on. */
function verify(c: C.VerifyMeasure, state: FindingState): Decision<FindingEvent> {
  const measure = findMeasure(state.measures, c.measureId, 'finding');
  if (measure instanceof DomainError) return measure;
  const verdict = verdictOn(measure, c.approve, c.note);
  if (verdict instanceof DomainError) return verdict;
  if (!verdict.approved) return [{ type: 'MeasureRejected', data: { measureId: c.measureId, reason: verdict.reason } }];
  const { recheckDue, calendarVersion } = recheckDueAfter(c.at, c.ledger.recheckAfterWorkingDays, c.calendar);
  return [{ type: 'MeasureVerified', data: { measureId: c.measureId, note: verdict.note, verifiedAt: c.at, recheckDue, calendarVersion } }];
}

/** 回头看: confirm, or reopen with a reason and the new due date the work is owed by. */
function recheck(c: C.RecheckMeasure, state: FindingState): Decision<FindingEvent> {
  const measure = findMeasure(state.measures, c.measureId, 'finding');
  if (measure instanceof DomainError) return measure;
  const outcome = recheckOutcome(measure, c.confirmed, c.note);
  if (outcome instanceof DomainError) return outcome;
  if (outcome.confirmed)
    return [{ type: 'MeasureRecheckConfirmed', data: { measureId: c.measureId, note: outcome.note, recheckedAt: c.at } }];
  if (!c.newDue) return new DomainError(E.NEW_DUE_REQUIRED, 'A reopened measure needs a new due date', { field: 'newDue' });
  const due = dueDateOf(c.newDue, c.calendar, 'newDue');
  if (due instanceof DomainError) return due;
  const late = requireDueFromToday(due.dueDate, c.at, 'newDue');
  return late ?? [{ type: 'MeasureReopened', data: { measureId: c.measureId, reason: outcome.reason, ...due } }];
}
