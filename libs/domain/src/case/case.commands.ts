import type { DeadlineRules } from '../calendar/deadline-rules';
import type { LocalDate } from '../calendar/local-date';
import type { MarkMeasureDeadlinePassed } from '../rectification/measure-deadline';
import type { AccountabilityIssued, ComplaintFiled } from './case.events';
import type {
  DeadlineKind,
  ErasureReason,
  Instant,
  MeasurePlan,
  Satisfaction,
  SupervisionInterview,
  SupervisionLevel,
  UnitRole,
} from './case.model';

/**
 * Commands to a case, imperative and plain. Every command carries `at`, the instant it is decided
 * (from the caller's clock, so `decide` stays pure). Commands a unit issues carry that unit's id;
 * commands that set due dates carry the `DeadlineRules` in force.
 */
type Command<Type extends string, Data> = { type: Type; at: Instant } & Data;

/**
 * The complaint as it is recorded (ComplaintFiled), with the rules to check it against: filing
 * checks the category against the taxonomy in force.
 */
export type FileComplaint = Command<'FileComplaint', ComplaintFiled['data'] & { rules: DeadlineRules }>;
export type AcceptComplaint = Command<'AcceptComplaint', { note: string | null }>;
export type RejectComplaint = Command<'RejectComplaint', { reason: string }>;
export type NotifyUnit = Command<'NotifyUnit', { unitId: string; role: UnitRole; responsibleLeader: string; rules: DeadlineRules }>;
export type AcknowledgeCase = Command<'AcknowledgeCase', { unitId: string }>;
export type DisputeDispatch = Command<'DisputeDispatch', { unitId: string; reason: string }>;
export type TransferCase = Command<
  'TransferCase',
  { fromUnitId: string; toUnitId: string; reason: string; responsibleLeader: string; rules: DeadlineRules }
>;
export type RequestExtension = Command<'RequestExtension', { unitId: string; reason: string; workingDays: number }>;
export type DecideExtension = Command<'DecideExtension', { unitId: string; approve: boolean; reason: string; rules: DeadlineRules }>;
/** 催办/督办/挂牌督办, or 约谈 with the interview held (its day and attendees). */
export type IssueSupervision = Command<
  'IssueSupervision',
  { unitId: string; level: SupervisionLevel; note: string; interview?: SupervisionInterview | null }
>;
/** Issued by the deadline scheduler, never by a person. */
export type MarkDeadlinePassed = Command<'MarkDeadlinePassed', { deadline: DeadlineKind; unitId: string; dueDate: LocalDate }>;
export type ReportHandling = Command<
  'ReportHandling',
  { unitId: string; factsFound: string; factsEstablished: boolean; result: string | null }
>;
export type PlanRectification = Command<
  'PlanRectification',
  { unitId: string; measures: MeasurePlan[]; noRectificationReason: string | null }
>;
export type ReportRectification = Command<'ReportRectification', { unitId: string; measureId: string; report: string }>;
export type VerifyRectification = Command<'VerifyRectification', { measureId: string; approve: boolean; note: string | null }>;
export type RecordReturnVisit = Command<'RecordReturnVisit', { satisfaction: Satisfaction; note: string | null }>;
export type ReopenCase = Command<'ReopenCase', { reason: string; rules: DeadlineRules }>;
/**
 * The discipline office's look-back review (回头看) reopening a closed case. `retiredUnitIds`: the
 * units of the case the registry has retired since, as the application found them (the decider sees
 * one stream): the lead among them cannot be handed the case again.
 */
export type ReopenClosedCase = Command<'ReopenClosedCase', { reason: string; rules: DeadlineRules; retiredUnitIds: readonly string[] }>;
/** The decision of accountability (问责) exactly as it is recorded. */
export type IssueAccountability = Command<'IssueAccountability', AccountabilityIssued['data']>;
export type CloseCase = Command<'CloseCase', { accountabilityNotRequiredReason: string | null }>;
/** Crypto-shredding of the complainant's identity (the admin's, on any case that has one, open or not). */
export type EraseComplainantIdentity = Command<'EraseComplainantIdentity', { reason: ErasureReason }>;

export type CaseCommand =
  | FileComplaint
  | AcceptComplaint
  | RejectComplaint
  | NotifyUnit
  | AcknowledgeCase
  | DisputeDispatch
  | TransferCase
  | RequestExtension
  | DecideExtension
  | IssueSupervision
  | MarkDeadlinePassed
  /** The scheduler's, for a measure's due date (the shared measure card, rectification/measure-deadline.ts). */
  | MarkMeasureDeadlinePassed
  | ReportHandling
  | PlanRectification
  | ReportRectification
  | VerifyRectification
  | RecordReturnVisit
  | ReopenCase
  | ReopenClosedCase
  | IssueAccountability
  | CloseCase
  | EraseComplainantIdentity;

export type CaseCommandType = CaseCommand['type'];
