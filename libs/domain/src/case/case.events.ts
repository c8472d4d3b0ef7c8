import type { LocalDate } from '../calendar/local-date';
import type { MeasureDeadlinePassed } from '../rectification/measure-deadline';
import type {
  AccountabilityBasis,
  AccountabilityForm,
  AccountabilityTarget,
  Channel,
  ComplainantReference,
  DeadlineKind,
  ErasureReason,
  Instant,
  Measure,
  Satisfaction,
  SupervisionInterview,
  SupervisionLevel,
  UnitRole,
  Urgency,
} from './case.model';

/** Due dates are always recorded with the calendar and time-limit versions that produced them. */
export interface DueDateProvenance {
  /** e.g. `2026:chinese-days@1.5.7,2027:admin@2` */
  calendarVersion: string;
  /** e.g. `time-limits@default` or `time-limits@3` */
  timeLimitsVersion: string;
}

type Event<Type extends string, Data> = { type: Type; data: Data };

export type ComplaintFiled = Event<
  'ComplaintFiled',
  {
    caseId: string;
    channel: Channel;
    category: string;
    urgency: Urgency;
    title: string;
    description: string;
    complainedUnitId: string;
    receivedAt: Instant;
    complainant: ComplainantReference;
  }
>;
export type ComplaintAccepted = Event<'ComplaintAccepted', { note: string | null }>;
export type ComplaintRejected = Event<'ComplaintRejected', { reason: string }>;
export type UnitNotified = Event<
  'UnitNotified',
  { unitId: string; role: UnitRole; responsibleLeader: string; signForDue: LocalDate; handlingDue: LocalDate } & DueDateProvenance
>;
/** `acknowledgedAt`: when the unit signed for it, so a late sign-for still earns its red card. */
export type UnitAcknowledged = Event<'UnitAcknowledged', { unitId: string; acknowledgedAt: Instant }>;
export type DispatchDisputed = Event<'DispatchDisputed', { unitId: string; reason: string }>;
export type CaseTransferred = Event<
  'CaseTransferred',
  {
    fromUnitId: string;
    toUnitId: string;
    role: UnitRole;
    reason: string;
    responsibleLeader: string;
    signForDue: LocalDate;
    handlingDue: LocalDate;
  } & DueDateProvenance
>;
export type ExtensionRequested = Event<'ExtensionRequested', { unitId: string; reason: string; workingDays: number }>;
/**
 * `reason`: the approver's words (审批意见), which approving asks for as denying does (added later:
 * older grants have none; they were asked for and dropped).
 */
export type ExtensionGranted = Event<
  'ExtensionGranted',
  { unitId: string; workingDays: number; previousDue: LocalDate; newDue: LocalDate; calendarVersion: string; reason?: string }
>;
export type ExtensionDenied = Event<'ExtensionDenied', { unitId: string; reason: string }>;
/** `interview`: a 约谈's day and attendees, present with that level only (added later: older events have none). */
export type SupervisionIssued = Event<
  'SupervisionIssued',
  { level: SupervisionLevel; unitId: string; note: string; interview?: SupervisionInterview }
>;
export type DeadlinePassed = Event<'DeadlinePassed', { deadline: DeadlineKind; unitId: string; dueDate: LocalDate }>;
/** `reportedAt`: when it was reported, so a late report still leaves the deadline passed. */
export type HandlingReported = Event<
  'HandlingReported',
  { unitId: string; factsFound: string; factsEstablished: boolean; result: string | null; reportedAt: Instant }
>;
export type RectificationPlanned = Event<
  'RectificationPlanned',
  { unitId: string; measures: Measure[]; noRectificationReason: string | null }
>;
/**
 * `reportedAt`: when the measure was reported done, so a report after its due day still leaves the
 * measure's red card owed, whenever the scheduler asks (as a finding's MeasureCompletionReported).
 * Absent on reports recorded before it was (still schema version 1, as UnitAcknowledged's
 * `acknowledgedAt`): those count as reported in time.
 */
export type RectificationReported = Event<
  'RectificationReported',
  { measureId: string; unitId: string; report: string; reportedAt?: Instant }
>;
export type RectificationVerified = Event<'RectificationVerified', { measureId: string; note: string | null }>;
export type RectificationRejected = Event<'RectificationRejected', { measureId: string; reason: string }>;
export type ReturnVisitRecorded = Event<'ReturnVisitRecorded', { satisfaction: Satisfaction; note: string | null }>;
/**
 * 重办: a new round of handling for the lead unit. `lookBack` is present (true) only when the
 * discipline office reopened a closed case on a look-back review (回头看, `ReopenClosedCase`);
 * events without it are intake's reopenings of a case in progress (`ReopenCase`). Who reopened is
 * the event's metadata (actor, role), as for every event.
 */
export type CaseReopened = Event<
  'CaseReopened',
  { reason: string; round: number; leadUnitId: string; handlingDue: LocalDate; lookBack?: true } & DueDateProvenance
>;
export type AccountabilityIssued = Event<
  'AccountabilityIssued',
  { accountabilityId: string; target: AccountabilityTarget; forms: AccountabilityForm[]; basis: AccountabilityBasis }
>;
export type CaseClosed = Event<'CaseClosed', { accountabilityNotRequiredReason: string | null }>;
/**
 * The complainant's identity was crypto-shredded: its data key deleted, so the stored ciphertext can
 * never be read again (docs/rules.md#complainant-confidentiality). The case and its history stay.
 * `erasedAt`: when, so the case can answer "erased since" without its metadata.
 */
export type ComplainantIdentityErased = Event<'ComplainantIdentityErased', { reason: ErasureReason; erasedAt: Instant }>;

/** Everything that can happen to a case (案件), in the order of docs/glossary.md#case-events. */
export type CaseEvent =
  | ComplaintFiled
  | ComplaintAccepted
  | ComplaintRejected
  | UnitNotified
  | UnitAcknowledged
  | DispatchDisputed
  | CaseTransferred
  | ExtensionRequested
  | ExtensionGranted
  | ExtensionDenied
  | SupervisionIssued
  | DeadlinePassed
  | HandlingReported
  | RectificationPlanned
  | RectificationReported
  | RectificationVerified
  | RectificationRejected
  /** A measure's red card, shared with a finding's measures (rectification/measure-deadline.ts). */
  | MeasureDeadlinePassed
  | ReturnVisitRecorded
  | CaseReopened
  | AccountabilityIssued
  | CaseClosed
  | ComplainantIdentityErased;

export type CaseEventType = CaseEvent['type'];

/**
 * Schema version of each event type as written today. Bump it when a type's data changes shape,
 * and add an upcaster for the old version (read side) in the same change.
 */
export const CASE_EVENT_SCHEMA_VERSIONS: Readonly<Record<CaseEventType, number>> = {
  ComplaintFiled: 1,
  ComplaintAccepted: 1,
  ComplaintRejected: 1,
  UnitNotified: 1,
  UnitAcknowledged: 1,
  DispatchDisputed: 1,
  CaseTransferred: 1,
  ExtensionRequested: 1,
  ExtensionGranted: 1,
  ExtensionDenied: 1,
  SupervisionIssued: 1,
  DeadlinePassed: 1,
  HandlingReported: 1,
  RectificationPlanned: 1,
  RectificationReported: 1,
  RectificationVerified: 1,
  RectificationRejected: 1,
  MeasureDeadlinePassed: 1,
  ReturnVisitRecorded: 1,
  CaseReopened: 1,
  AccountabilityIssued: 1,
  CaseClosed: 1,
  ComplainantIdentityErased: 1,
};

export const CASE_EVENT_TYPES = Object.keys(CASE_EVENT_SCHEMA_VERSIONS) as CaseEventType[];

/** The stream of one case. */
export const caseStreamId = (caseId: string): string => `case-${caseId}`;
export const CASE_STREAM_PREFIX = 'case-';
