import { accountabilityFormsRule } from './accountability-forms';
import { INTERVIEW_ATTENDEES_MAX } from './case.model';
import { beijingDateOf, endOfBeijingDay, isLocalDate } from '../calendar/local-date';
import { requireCalendarInstant } from '../calendar/instant';
import { INVALID_DATE } from '../calendar/working-calendar';
import { requireKnownCategory } from '../calendar/time-limit-policy';
import { DomainError, returningDomainErrors } from '../shared/domain-error';
import { visibleTextOf } from '../shared/visible-text';
import type { Decision } from '../shared/decider';
import type { MarkMeasureDeadlinePassed } from '../rectification/measure-deadline';
import {
  findMeasure,
  numberMeasures,
  decideMeasureDeadline,
  requireMayReport,
  requireOpenMeasure,
  verdictOn,
} from '../rectification/measure.rules';
import type * as C from './case.commands';
import { CaseErrors as E } from './case.errors';
import { UnitErrors } from '../unit/unit.errors';
import type { CaseEvent } from './case.events';
import {
  activeLead,
  closureGate,
  requireAcknowledged,
  requireActiveUnit,
  requireDispatched,
  requireKnownTo,
  requireLead,
  requireOpen,
  unitOnCase,
} from './case.guards';
import type { CaseState } from './case.state';

/** Decides what a command does to a case: the events to record, or the rule it would break. */
export function decideCase(command: C.CaseCommand, state: CaseState): Decision<CaseEvent> {
  return returningDomainErrors(() => decideUnsafe(command, state));
}

/** The commands only a unit sends, each for the unit it acts as (the caller's, never the body's). */
type UnitCommand = Extract<C.CaseCommand, { type: (typeof UNIT_COMMAND_TYPES)[number] }>;
const UNIT_COMMAND_TYPES = [
  'AcknowledgeCase',
  'DisputeDispatch',
  'RequestExtension',
  'ReportHandling',
  'PlanRectification',
  'ReportRectification',
] as const;

function isUnitCommand(command: C.CaseCommand): command is UnitCommand {
  return (UNIT_COMMAND_TYPES as readonly string[]).includes(command.type);
}

function decideUnsafe(command: C.CaseCommand, state: CaseState): Decision<CaseEvent> {
  // Object level first: to a unit never notified of it the case does not exist, whatever its status
  // (closed, rejected) — it learns nothing from the answer an unknown id would not give
  // (docs/rules.md#who-sees-what). A unit that was on the case gets the case's own rules.
  const unknown = isUnitCommand(command) ? requireKnownTo(state, command.unitId) : null;
  if (unknown) return unknown;
  switch (command.type) {
    case 'FileComplaint':
      return fileComplaint(command, state);
    case 'AcceptComplaint':
      return requireFiled(state) ?? [{ type: 'ComplaintAccepted', data: { note: command.note } }];
    case 'RejectComplaint':
      return requireFiled(state) ?? [{ type: 'ComplaintRejected', data: { reason: command.reason } }];
    case 'NotifyUnit':
      return notifyUnit(command, state);
    case 'AcknowledgeCase':
      return acknowledge(command, state);
    case 'DisputeDispatch':
      return disputeDispatch(command, state);
    case 'TransferCase':
      return transfer(command, state);
    case 'RequestExtension':
      return requestExtension(command, state);
    case 'DecideExtension':
      return decideExtension(command, state);
    case 'IssueSupervision':
      return issueSupervision(command, state);
    case 'MarkDeadlinePassed':
      return markDeadlinePassed(command, state);
    case 'MarkMeasureDeadlinePassed':
      return markMeasureDeadlinePassed(command, state);
    case 'ReportHandling':
      return reportHandling(command, state);
    case 'PlanRectification':
      return planRectification(command, state);
    case 'ReportRectification':
      return reportRectification(command, state);
    case 'VerifyRectification':
      return verifyRectification(command, state);
    case 'RecordReturnVisit':
      return recordReturnVisit(command, state);
    case 'ReopenCase':
      return reopen(command, state);
    case 'ReopenClosedCase':
      return reopenClosed(command, state);
    case 'IssueAccountability':
      return issueAccountability(command, state);
    case 'CloseCase': {
      const broken = requireDispatched(state) ?? closureGate(state, command.accountabilityNotRequiredReason);
      return broken ?? [{ type: 'CaseClosed', data: { accountabilityNotRequiredReason: command.accountabilityNotRequiredReason } }];
    }
    case 'EraseComplainantIdentity':
      return eraseComplainantIdentity(command, state);
  }
}

/**
 * Crypto-shredding (docs/rules.md#complainant-confidentiality). Unlike every other command it is
 * legal on a closed or rejected case: that is when a retention period ends. The case itself is
 * unchanged; only what the complainant store can still decrypt is.
 */
function eraseComplainantIdentity(c: C.EraseComplainantIdentity, state: CaseState): Decision<CaseEvent> {
  if (state.status === 'none') return new DomainError(E.CASE_NOT_FOUND, 'There is no such case');
  if (state.anonymous) return new DomainError(E.COMPLAINANT_ANONYMOUS, 'An anonymous complaint has no identity to erase');
  if (state.complainantErasedAt !== null)
    return new DomainError(E.COMPLAINANT_ALREADY_ERASED, 'The complainant’s identity is already erased', {
      erasedAt: state.complainantErasedAt,
    });
  if (c.reason === 'retention_ended' && state.status !== 'closed' && state.status !== 'rejected')
    return new DomainError(E.RETENTION_NOT_ENDED, 'A retention period ends only once the case is closed or rejected', {
      caseStatus: state.status,
    });
  return [{ type: 'ComplainantIdentityErased', data: { reason: c.reason, erasedAt: c.at } }];
}

function fileComplaint(c: C.FileComplaint, state: CaseState): Decision<CaseEvent> {
  if (state.status !== 'none') return new DomainError(E.CASE_ALREADY_EXISTS, 'The case already exists');
  // Before comparing: Date.parse gives NaN for what is no instant, and NaN is never "later than now".
  const badReceipt = requireCalendarInstant(c.receivedAt, 'receivedAt');
  if (badReceipt) return badReceipt;
  if (Date.parse(c.receivedAt) > Date.parse(c.at)) {
    return new DomainError(E.RECEIVED_AT_IN_FUTURE, 'receivedAt is later than now', { field: 'receivedAt' });
  }
  const unknownCategory = requireKnownCategory(c.rules.policy, c.category, 'category');
  if (unknownCategory) return unknownCategory;
  const { type: _t, at: _a, rules: _r, ...data } = c;
  return [{ type: 'ComplaintFiled', data }];
}

function requireFiled(state: CaseState): DomainError | null {
  return (
    requireOpen(state) ??
    (state.status === 'filed' ? null : new DomainError(E.CASE_NOT_AWAITING_ACCEPTANCE, 'The complaint has already been accepted'))
  );
}

function notifyUnit(c: C.NotifyUnit, state: CaseState): Decision<CaseEvent> {
  const broken =
    requireOpen(state) ??
    (state.status === 'filed' ? new DomainError(E.CASE_NOT_ACCEPTED, 'Accept the complaint before dispatching it') : null);
  if (broken) return broken;
  if (unitOnCase(state, c.unitId)?.status === 'active') {
    return new DomainError(E.UNIT_ALREADY_ON_CASE, `Unit ${c.unitId} already handles this case`, { field: 'unitId', unitId: c.unitId });
  }
  // The unit may join the case, but not in the role asked for: the body's `role` is at fault.
  const lead = activeLead(state);
  if (c.role === 'lead' && lead) {
    return new DomainError(E.LEAD_UNIT_ALREADY_ASSIGNED, `Unit ${lead.unitId} is already the lead unit`, {
      field: 'role',
      leadUnitId: lead.unitId,
    });
  }
  if (c.role === 'co' && !lead) {
    return new DomainError(E.LEAD_UNIT_REQUIRED, 'Notify the lead unit before co-handling units', { field: 'role' });
  }
  // The first dispatch counts handling from receipt; a later one (e.g. after a dispute) from now.
  const handlingFrom = Object.keys(state.units).length === 0 ? state.receivedAt! : c.at;
  const due = c.rules.dueDates(state.category!, state.urgency!, c.at, handlingFrom);
  return [{ type: 'UnitNotified', data: { unitId: c.unitId, role: c.role, responsibleLeader: c.responsibleLeader, ...due } }];
}

function acknowledge(c: C.AcknowledgeCase, state: CaseState): Decision<CaseEvent> {
  const unit = requireOpen(state) ?? requireActiveUnit(state, c.unitId);
  if (unit instanceof DomainError) return unit;
  if (unit.acknowledged)
    return new DomainError(E.UNIT_ALREADY_ACKNOWLEDGED, 'The unit has already signed for the case', { unitId: c.unitId });
  return [{ type: 'UnitAcknowledged', data: { unitId: c.unitId, acknowledgedAt: c.at } }];
}

function disputeDispatch(c: C.DisputeDispatch, state: CaseState): Decision<CaseEvent> {
  const unit = requireOpen(state) ?? requireActiveUnit(state, c.unitId);
  if (unit instanceof DomainError) return unit;
  if (unit.reported)
    return new DomainError(E.UNIT_ALREADY_REPORTED, 'A unit that has reported handling cannot dispute the dispatch', { unitId: c.unitId });
  return [{ type: 'DispatchDisputed', data: { unitId: c.unitId, reason: c.reason } }];
}

function transfer(c: C.TransferCase, state: CaseState): Decision<CaseEvent> {
  const broken = requireDispatched(state);
  if (broken) return broken;
  if (c.fromUnitId === c.toUnitId)
    return new DomainError(E.TRANSFER_TO_SAME_UNIT, 'A case is transferred to another unit', { field: 'toUnitId' });
  const from = unitOnCase(state, c.fromUnitId);
  if (!from || from.status === 'transferred') {
    return new DomainError(E.UNIT_NOT_NOTIFIED, `Unit ${c.fromUnitId} does not hold this case`, {
      field: 'fromUnitId',
      unitId: c.fromUnitId,
    });
  }
  if (from.reported) {
    return new DomainError(E.UNIT_ALREADY_REPORTED, `Unit ${c.fromUnitId} has already reported handling`, {
      field: 'fromUnitId',
      unitId: c.fromUnitId,
    });
  }
  if (unitOnCase(state, c.toUnitId)?.status === 'active') {
    return new DomainError(E.UNIT_ALREADY_ON_CASE, `Unit ${c.toUnitId} already handles this case`, {
      field: 'toUnitId',
      unitId: c.toUnitId,
    });
  }
  // The lead role of a disputed lead, taken since by another unit: no field of the transfer gives the role.
  const lead = activeLead(state);
  if (from.role === 'lead' && lead && lead.unitId !== c.fromUnitId) {
    return new DomainError(E.LEAD_UNIT_ALREADY_ASSIGNED, `Unit ${lead.unitId} is already the lead unit`, { leadUnitId: lead.unitId });
  }
  const due = c.rules.dueDates(state.category!, state.urgency!, c.at, c.at);
  const { fromUnitId, toUnitId, reason, responsibleLeader } = c;
  return [{ type: 'CaseTransferred', data: { fromUnitId, toUnitId, role: from.role, reason, responsibleLeader, ...due } }];
}

const MAX_EXTENSION_WORKING_DAYS = 60;

function requestExtension(c: C.RequestExtension, state: CaseState): Decision<CaseEvent> {
  const unit = requireOpen(state) ?? requireActiveUnit(state, c.unitId);
  if (unit instanceof DomainError) return unit;
  const broken = requireAcknowledged(unit);
  if (broken) return broken;
  if (unit.reported) return new DomainError(E.UNIT_ALREADY_REPORTED, 'Handling is already reported', { unitId: c.unitId });
  if (unit.pendingExtension)
    return new DomainError(E.EXTENSION_ALREADY_PENDING, 'An extension request is already waiting for a decision', { unitId: c.unitId });
  if (!Number.isInteger(c.workingDays) || c.workingDays < 1 || c.workingDays > MAX_EXTENSION_WORKING_DAYS) {
    return new DomainError(E.INVALID_WORKING_DAYS, `workingDays must be an integer from 1 to ${MAX_EXTENSION_WORKING_DAYS}`, {
      field: 'workingDays',
    });
  }
  if (Date.parse(c.at) >= endOfBeijingDay(unit.handlingDue).getTime()) {
    return new DomainError(
      E.EXTENSION_AFTER_DEADLINE,
      `The handling deadline ${unit.handlingDue} has passed; an extension is asked for before it`,
      {
        handlingDue: unit.handlingDue,
      },
    );
  }
  return [{ type: 'ExtensionRequested', data: { unitId: c.unitId, reason: c.reason, workingDays: c.workingDays } }];
}

function decideExtension(c: C.DecideExtension, state: CaseState): Decision<CaseEvent> {
  const unit = requireOpen(state) ?? requireActiveUnit(state, c.unitId, 'unitId');
  if (unit instanceof DomainError) return unit;
  const pending = unit.pendingExtension;
  if (!pending) {
    return new DomainError(E.NO_EXTENSION_PENDING, 'The unit has not asked for an extension', { field: 'unitId', unitId: c.unitId });
  }
  if (!c.approve) return [{ type: 'ExtensionDenied', data: { unitId: c.unitId, reason: c.reason } }];
  const { newDue, calendarVersion } = c.rules.extend(unit.handlingDue, pending.workingDays);
  return [
    {
      type: 'ExtensionGranted',
      data: {
        unitId: c.unitId,
        workingDays: pending.workingDays,
        previousDue: unit.handlingDue,
        newDue,
        calendarVersion,
        reason: c.reason,
      },
    },
  ];
}

/**
 * The scheduler's command: a deadline that was met in time, moved or already marked records nothing.
 * Met means met before the due day ended: a unit that signs for or reports late (while the scheduler
 * was down or behind) still gets its red card.
 */
function markDeadlinePassed(c: C.MarkDeadlinePassed, state: CaseState): Decision<CaseEvent> {
  if (state.status === 'none') return new DomainError(E.CASE_NOT_FOUND, 'There is no such case');
  if (Date.parse(c.at) < endOfBeijingDay(c.dueDate).getTime()) {
    return new DomainError(E.DEADLINE_NOT_YET_PASSED, `${c.dueDate} has not ended yet in Beijing`, { dueDate: c.dueDate });
  }
  const unit = unitOnCase(state, c.unitId);
  if (state.status !== 'in_progress' || !unit || unit.status !== 'active') return [];
  const endOfDue = endOfBeijingDay(c.dueDate).getTime();
  // Events written before these instants were recorded carry none (undefined): taken as in time.
  const inTime = (at: string | null | undefined) => at === undefined || (at !== null && Date.parse(at) < endOfDue);
  const open =
    c.deadline === 'sign_for'
      ? !inTime(unit.acknowledgedAt) && !unit.signForPassed && unit.signForDue === c.dueDate
      : !(unit.reported && inTime(unit.reportedAt)) && unit.handlingPassedFor !== c.dueDate && unit.handlingDue === c.dueDate;
  return open ? [{ type: 'DeadlinePassed', data: { deadline: c.deadline, unitId: c.unitId, dueDate: c.dueDate } }] : [];
}

function reportHandling(c: C.ReportHandling, state: CaseState): Decision<CaseEvent> {
  const unit = requireOpen(state) ?? requireActiveUnit(state, c.unitId);
  if (unit instanceof DomainError) return unit;
  const broken = requireAcknowledged(unit);
  if (broken) return broken;
  // An interim report (facts not yet established, or no result) may be followed by a complete one.
  if (unit.reported) return new DomainError(E.UNIT_ALREADY_REPORTED, 'Handling is already reported for this round', { unitId: c.unitId });
  const { unitId, factsFound, factsEstablished, result } = c;
  return [{ type: 'HandlingReported', data: { unitId, factsFound, factsEstablished, result, reportedAt: c.at } }];
}

function planRectification(c: C.PlanRectification, state: CaseState): Decision<CaseEvent> {
  const lead = requireOpen(state) ?? requireLead(state, c.unitId);
  if (lead instanceof DomainError) return lead;
  if (!state.leadReport) return new DomainError(E.HANDLING_NOT_REPORTED, 'Report the handling before planning rectification');
  if (c.measures.length === 0 && !c.noRectificationReason) {
    return new DomainError(E.RECTIFICATION_EMPTY, 'Give at least one measure, or the reason no rectification is needed', {
      field: 'measures',
    });
  }
  // Within one round: a new round may plan measures after an earlier one found none needed, and the reverse.
  if (state.noRectificationReason || (c.noRectificationReason && (state.measuresPlannedThisRound > 0 || c.measures.length > 0))) {
    return new DomainError(E.RECTIFICATION_ALREADY_PLANNED, 'Measures and "no rectification needed" exclude each other');
  }
  const measures = numberMeasures(c.measures, state.measures.length, c.at);
  if (measures instanceof DomainError) return measures;
  return [{ type: 'RectificationPlanned', data: { unitId: c.unitId, measures, noRectificationReason: c.noRectificationReason } }];
}

function reportRectification(c: C.ReportRectification, state: CaseState): Decision<CaseEvent> {
  const unit = requireOpen(state) ?? requireActiveUnit(state, c.unitId);
  if (unit instanceof DomainError) return unit;
  const measure = findMeasure(state.measures, c.measureId, 'case');
  if (measure instanceof DomainError) return measure;
  // The lead answers for every measure; another unit on the case only for the measures it is responsible for.
  const broken = requireMayReport(measure, c.unitId, unit.role === 'lead') ?? requireOpenMeasure(measure, 'measureId');
  if (broken) return broken;
  return [{ type: 'RectificationReported', data: { measureId: c.measureId, unitId: c.unitId, report: c.report, reportedAt: c.at } }];
}

function verifyRectification(c: C.VerifyRectification, state: CaseState): Decision<CaseEvent> {
  const broken = requireDispatched(state);
  if (broken) return broken;
  const measure = findMeasure(state.measures, c.measureId, 'case');
  if (measure instanceof DomainError) return measure;
  const verdict = verdictOn(measure, c.approve, c.note, 'measureId');
  if (verdict instanceof DomainError) return verdict;
  return verdict.approved
    ? [{ type: 'RectificationVerified', data: { measureId: c.measureId, note: verdict.note } }]
    : [{ type: 'RectificationRejected', data: { measureId: c.measureId, reason: verdict.reason } }];
}

/**
 * The scheduler's command for a measure's deadline: the shared rule decides whether the card is
 * still owed (a case's measures have no re-check, so a `recheck` deadline is never open), from the
 * report's recorded `reportedAt`, so the answer is the same whenever the scheduler asks. A report
 * recorded before `reportedAt` existed counts as in time.
 */
function markMeasureDeadlinePassed(c: MarkMeasureDeadlinePassed, state: CaseState): Decision<CaseEvent> {
  if (state.status === 'none') return new DomainError(E.CASE_NOT_FOUND, 'There is no such case');
  return decideMeasureDeadline(state.measures, c, 'case');
}

function recordReturnVisit(c: C.RecordReturnVisit, state: CaseState): Decision<CaseEvent> {
  const broken = requireDispatched(state);
  if (broken) return broken;
  if (state.anonymous) return new DomainError(E.COMPLAINANT_ANONYMOUS, 'An anonymous complainant cannot be visited');
  if (!state.leadReport?.result)
    return new DomainError(E.HANDLING_NOT_REPORTED, 'There is no handling result to ask the complainant about yet');
  // An unsatisfied answer stands until the case is handled again: no re-asking until "satisfied".
  if (state.lastVisit === 'unsatisfied')
    return new DomainError(E.REOPEN_REQUIRED, 'The complainant was unsatisfied: reopen the case before visiting again');
  return [{ type: 'ReturnVisitRecorded', data: { satisfaction: c.satisfaction, note: c.note } }];
}

function reopen(c: C.ReopenCase, state: CaseState): Decision<CaseEvent> {
  const broken = requireDispatched(state);
  if (broken) return broken;
  if (state.lastVisit !== 'unsatisfied' && !state.rejectedSinceReopen) {
    return new DomainError(E.REOPEN_NOT_ALLOWED, 'A case is reopened only after an unsatisfied return visit or a rejected verification');
  }
  return newRound(c, state, false);
}

/**
 * 回头看: the discipline office, reviewing closed cases, finds one that should not have been let
 * go. Only a closed case (a case still in progress is reopened by intake, for a cause); no cause is
 * needed beyond the reason, which the event records with who gave it (metadata).
 */
function reopenClosed(c: C.ReopenClosedCase, state: CaseState): Decision<CaseEvent> {
  if (state.status === 'none') return new DomainError(E.CASE_NOT_FOUND, 'There is no such case');
  if (state.status === 'rejected') return new DomainError(E.CASE_REJECTED, 'The complaint was rejected; nothing more can be done on it');
  if (state.status !== 'closed') {
    return new DomainError(E.CASE_NOT_CLOSED, 'A look-back review reopens a closed case only; a case in progress is reopened by intake', {
      caseStatus: state.status,
    });
  }
  // A unit retired after the case closed (机构改革) answers for nothing new: what the review found goes
  // to the unit that took its work over, as a finding of the ledger (a case keeps the unit it had).
  const lead = activeLead(state);
  if (lead && c.retiredUnitIds.includes(lead.unitId))
    return new DomainError(
      UnitErrors.UNIT_RETIRED,
      `The lead unit ${lead.unitId} is retired: a look-back cannot hand it this case again; raise what the review found as a finding against the unit that took its work over`,
      { unitId: lead.unitId },
    );
  return newRound(c, state, true);
}

/** The next round for the active lead, its handling due counted from today as at dispatch. */
function newRound(c: C.ReopenCase | C.ReopenClosedCase, state: CaseState, lookBack: boolean): Decision<CaseEvent> {
  const lead = activeLead(state);
  if (!lead) return new DomainError(E.LEAD_UNIT_REQUIRED, 'The case has no lead unit to handle it again');
  const { handlingDue, calendarVersion, timeLimitsVersion } = c.rules.dueDates(state.category!, state.urgency!, c.at, c.at);
  const data = { reason: c.reason, round: state.round + 1, leadUnitId: lead.unitId, handlingDue, calendarVersion, timeLimitsVersion };
  return [{ type: 'CaseReopened', data: lookBack ? { ...data, lookBack: true as const } : data }];
}

function issueAccountability(c: C.IssueAccountability, state: CaseState): Decision<CaseEvent> {
  const broken = requireDispatched(state);
  if (broken) return broken;
  const forms = accountabilityFormsRule(c.target, c.forms);
  if (forms) return forms;
  if (!unitOnCase(state, c.target.unitId) && state.complainedUnitId !== c.target.unitId) {
    return new DomainError(E.ACCOUNTABILITY_TARGET_NOT_ON_CASE, `Unit ${c.target.unitId} has no part in this case`, {
      field: 'target.unitId',
    });
  }
  const { accountabilityId, target, basis } = c;
  return [{ type: 'AccountabilityIssued', data: { accountabilityId, target, forms: [...new Set(c.forms)], basis } }];
}

/** 催办/督办/挂牌督办 of a unit on the case; a 约谈 records the day it was held (from the case's receipt to today) and who attended. */
function issueSupervision(c: C.IssueSupervision, state: CaseState): Decision<CaseEvent> {
  const unit = requireDispatched(state) ?? requireActiveUnit(state, c.unitId, 'unitId');
  if (unit instanceof DomainError) return unit;
  const data = { level: c.level, unitId: c.unitId, note: c.note };
  if (c.level !== 'interview') return [{ type: 'SupervisionIssued', data }];
  const interview = c.interview;
  if (!interview || typeof interview.heldOn !== 'string' || interview.heldOn === '')
    return new DomainError(E.INTERVIEW_DETAILS_REQUIRED, 'A 约谈 names the day it was held', { field: 'interview.heldOn' });
  // Given but no real date (2026-02-30): the day is wrong, not missing; and it would compare as a string.
  if (!isLocalDate(interview.heldOn))
    return new DomainError(INVALID_DATE, `"${interview.heldOn}" is not a date`, { field: 'interview.heldOn' });
  if (interview.heldOn > beijingDateOf(c.at))
    return new DomainError(E.INTERVIEW_IN_FUTURE, `${interview.heldOn} has not come yet: record a 约谈 once held`, {
      field: 'interview.heldOn',
    });
  // A 约谈 about this case is held once the case is here: a day before it is a mistyped year, and
  // would stand in the accountability record as it was typed.
  const receivedOn = state.receivedAt === null ? null : beijingDateOf(state.receivedAt);
  if (receivedOn !== null && interview.heldOn < receivedOn)
    return new DomainError(E.INTERVIEW_BEFORE_CASE, `${interview.heldOn} is before the case was received (${receivedOn})`, {
      field: 'interview.heldOn',
    });
  const attendees = (interview.attendees ?? []).map(visibleTextOf).filter((a) => a !== '');
  if (attendees.length === 0 || attendees.length > INTERVIEW_ATTENDEES_MAX)
    return new DomainError(E.INTERVIEW_DETAILS_REQUIRED, `A 约谈 names 1 to ${INTERVIEW_ATTENDEES_MAX} attendees`, {
      field: 'interview.attendees',
    });
  return [{ type: 'SupervisionIssued', data: { ...data, interview: { heldOn: interview.heldOn, attendees } } }];
}
