import type { LocalDate } from '../calendar/local-date';
import type { CaseEvent } from './case.events';
import { withMeasure, withMeasureDeadlinePassed, withMeasuresPlanned } from '../rectification/measure.evolve';
import type { MeasureRecord } from '../rectification/measure.model';
import type { Instant, MeasurePlan, Satisfaction, UnitRole, Urgency } from './case.model';

export type CaseStatus = 'none' | 'filed' | 'accepted' | 'rejected' | 'in_progress' | 'closed';

/** A unit's part in a case: 主办 or 协办, its due dates and what it has done. */
export interface UnitOnCase {
  unitId: string;
  role: UnitRole;
  /** `disputed` (退单) and `transferred` (改派 away) units no longer act on the case. */
  status: 'active' | 'disputed' | 'transferred';
  responsibleLeader: string;
  acknowledged: boolean;
  /** When it signed for the case (签收), if it has. */
  acknowledgedAt: Instant | null;
  signForDue: LocalDate;
  handlingDue: LocalDate;
  signForPassed: boolean;
  /** The handling due date already marked as passed, if any (a later due date can pass again). */
  handlingPassedFor: LocalDate | null;
  /**
   * Handling reported in the current round: for the lead, a complete report (facts established and
   * a result), so an interim report neither meets the deadline nor stops an extension request.
   */
  reported: boolean;
  /** When the report that completed the handling was made (null while not reported). */
  reportedAt: Instant | null;
  pendingExtension: { workingDays: number } | null;
}

/**
 * A case's measure as the shared measure rules keep it (rectification/measure.model.ts). A case's
 * measures are planned, reported, verified or rejected; the case has no re-check of its own measures
 * (its look-back reopens the case, ReopenClosedCase).
 */
export type MeasureState = MeasureRecord<MeasurePlan>;

export interface CaseState {
  status: CaseStatus;
  caseId: string | null;
  category: string | null;
  urgency: Urgency | null;
  receivedAt: Instant | null;
  complainedUnitId: string | null;
  anonymous: boolean;
  /** When the complainant's identity was crypto-shredded (null: it was not). */
  complainantErasedAt: Instant | null;
  units: Readonly<Record<string, UnitOnCase>>;
  /** 1 for the first handling, +1 for each reopening (重办). */
  round: number;
  /*
   * Per round (reset by CaseReopened): the lead's report, its rectification plan, the return visit,
   * the rejection that allows a reopening. Per case (kept across rounds): the measures with their
   * statuses (a measure once planned must be verified before closing, whichever round planned it),
   * accountability issued, sign-for and co-handling units' parts. docs/rules.md#reopening-and-rounds-重办.
   */
  /** The lead unit's handling report in the current round. */
  leadReport: { factsEstablished: boolean; factsFound: string; result: string | null } | null;
  /** Every measure planned on the case, in any round. */
  measures: readonly MeasureState[];
  /** How many of `measures` the current round's plans added. */
  measuresPlannedThisRound: number;
  /** "No rectification needed" as the lead stated it in the current round. */
  noRectificationReason: string | null;
  /** The last return visit of the current round. */
  lastVisit: Satisfaction | null;
  /** Accountability decisions issued on the case, in any round. */
  accountabilityIssued: number;
  /** A verification was rejected since the last reopening: one cause, one reopening. */
  rejectedSinceReopen: boolean;
}

export function initialCaseState(): CaseState {
  return {
    status: 'none',
    caseId: null,
    category: null,
    urgency: null,
    receivedAt: null,
    complainedUnitId: null,
    anonymous: false,
    complainantErasedAt: null,
    units: {},
    round: 1,
    leadReport: null,
    measures: [],
    measuresPlannedThisRound: 0,
    noRectificationReason: null,
    lastVisit: null,
    accountabilityIssued: 0,
    rejectedSinceReopen: false,
  };
}

/** The active lead unit (主办单位), if any. */
export function activeLead(state: CaseState): UnitOnCase | null {
  return Object.values(state.units).find((u) => u.role === 'lead' && u.status === 'active') ?? null;
}

export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'ComplaintFiled': {
      const d = event.data;
      return {
        ...state,
        status: 'filed',
        caseId: d.caseId,
        category: d.category,
        urgency: d.urgency,
        receivedAt: d.receivedAt,
        complainedUnitId: d.complainedUnitId,
        anonymous: d.complainant.anonymous,
      };
    }
    case 'ComplaintAccepted':
      return { ...state, status: 'accepted' };
    case 'ComplaintRejected':
      return { ...state, status: 'rejected' };
    case 'UnitNotified': {
      const d = event.data;
      return withUnit({ ...state, status: 'in_progress' }, newUnit(d.unitId, d.role, d.responsibleLeader, d.signForDue, d.handlingDue));
    }
    case 'UnitAcknowledged':
      return updateUnit(state, event.data.unitId, { acknowledged: true, acknowledgedAt: event.data.acknowledgedAt });
    case 'DispatchDisputed':
      return updateUnit(state, event.data.unitId, { status: 'disputed', pendingExtension: null });
    case 'CaseTransferred': {
      const d = event.data;
      const moved = updateUnit(state, d.fromUnitId, { status: 'transferred', pendingExtension: null });
      return withUnit(moved, newUnit(d.toUnitId, d.role, d.responsibleLeader, d.signForDue, d.handlingDue));
    }
    case 'ExtensionRequested':
      return updateUnit(state, event.data.unitId, { pendingExtension: { workingDays: event.data.workingDays } });
    case 'ExtensionGranted':
      return updateUnit(state, event.data.unitId, { pendingExtension: null, handlingDue: event.data.newDue });
    case 'ExtensionDenied':
      return updateUnit(state, event.data.unitId, { pendingExtension: null });
    case 'SupervisionIssued':
      return state;
    case 'DeadlinePassed':
      return event.data.deadline === 'sign_for'
        ? updateUnit(state, event.data.unitId, { signForPassed: true })
        : updateUnit(state, event.data.unitId, { handlingPassedFor: event.data.dueDate });
    case 'HandlingReported': {
      const d = event.data;
      const isLead = state.units[d.unitId]?.role === 'lead';
      const complete = isLead ? isCompleteReport(d) : true;
      const reported = updateUnit(state, d.unitId, { reported: complete, reportedAt: complete ? d.reportedAt : null });
      return isLead
        ? { ...reported, leadReport: { factsEstablished: d.factsEstablished, factsFound: d.factsFound, result: d.result } }
        : reported;
    }
    case 'RectificationPlanned':
      return {
        ...state,
        measures: withMeasuresPlanned(state.measures, event.data.measures),
        measuresPlannedThisRound: state.measuresPlannedThisRound + event.data.measures.length,
        noRectificationReason: event.data.noRectificationReason ?? state.noRectificationReason,
      };
    case 'RectificationReported':
      // A report recorded before `reportedAt` existed leaves `completedAt` undefined: taken as in time.
      return {
        ...state,
        measures: withMeasure(state.measures, event.data.measureId, { status: 'reported', completedAt: event.data.reportedAt }),
      };
    case 'RectificationVerified':
      return withMeasureStatus(state, event.data.measureId, 'verified');
    case 'RectificationRejected':
      return { ...withMeasureStatus(state, event.data.measureId, 'rejected'), rejectedSinceReopen: true };
    case 'MeasureDeadlinePassed':
      return { ...state, measures: withMeasureDeadlinePassed(state.measures, event.data) };
    case 'ReturnVisitRecorded':
      return { ...state, lastVisit: event.data.satisfaction };
    case 'CaseReopened': {
      const d = event.data;
      const lead = updateUnit(state, d.leadUnitId, {
        reported: false,
        reportedAt: null,
        handlingDue: d.handlingDue,
        pendingExtension: null,
      });
      // A reopening on a look-back review (回头看) also brings a closed case back into handling.
      return {
        ...lead,
        status: 'in_progress',
        round: d.round,
        leadReport: null,
        measuresPlannedThisRound: 0,
        noRectificationReason: null,
        lastVisit: null,
        rejectedSinceReopen: false,
      };
    }
    case 'AccountabilityIssued':
      return { ...state, accountabilityIssued: state.accountabilityIssued + 1 };
    case 'CaseClosed':
      return { ...state, status: 'closed' };
    case 'ComplainantIdentityErased':
      return { ...state, complainantErasedAt: event.data.erasedAt };
  }
}

/** A lead's report that meets the handling deadline: facts established (问题查清) and a result. */
export function isCompleteReport(report: { factsEstablished: boolean; result: string | null }): boolean {
  return report.factsEstablished && !!report.result;
}

function newUnit(unitId: string, role: UnitRole, responsibleLeader: string, signForDue: LocalDate, handlingDue: LocalDate): UnitOnCase {
  return {
    unitId,
    role,
    status: 'active',
    responsibleLeader,
    acknowledged: false,
    acknowledgedAt: null,
    signForDue,
    handlingDue,
    signForPassed: false,
    handlingPassedFor: null,
    reported: false,
    reportedAt: null,
    pendingExtension: null,
  };
}

function withUnit(state: CaseState, unit: UnitOnCase): CaseState {
  return { ...state, units: { ...state.units, [unit.unitId]: unit } };
}

function updateUnit(state: CaseState, unitId: string, change: Partial<UnitOnCase>): CaseState {
  const unit = state.units[unitId];
  return unit ? withUnit(state, { ...unit, ...change }) : state;
}

function withMeasureStatus(state: CaseState, measureId: string, status: MeasureState['status']): CaseState {
  return { ...state, measures: withMeasure(state.measures, measureId, { status }) };
}
