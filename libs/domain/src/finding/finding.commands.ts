import type { AccountabilityIssued } from '../case/case.events';
import type { ErasureReason } from '../case/case.model';
import type { WorkingCalendar } from '../calendar/working-calendar';
import type { LedgerConfiguration } from '../rectification/ledger-configuration';
import type { MarkMeasureDeadlinePassed } from '../rectification/measure-deadline';
import type { MeasureDue } from '../rectification/measure.model';
import type { FindingRaised } from './finding.events';
import type { CampaignFacts, MeasureProposal } from './finding.model';

/**
 * Commands to a finding, imperative and plain. Every command carries `at`, the instant it is decided
 * (from the caller's clock, so `decide` stays pure); commands that count working days carry the
 * calendar in force, those that check a configured list the ledger configuration in force.
 */
type Command<Type extends string, Data> = { type: Type; at: string } & Data;

/** `campaign`: the handler's facts about the campaign named by a campaign source (null otherwise). */
export type RaiseFinding = Command<'RaiseFinding', FindingRaised['data'] & { ledger: LedgerConfiguration; campaign: CampaignFacts | null }>;
export type WithdrawFinding = Command<'WithdrawFinding', { reason: string }>;
/** `unitId`: the unit planning, the one the finding is against (the caller's, never the body's). */
export type PlanMeasures = Command<
  'PlanMeasures',
  { unitId: string; measures: MeasureProposal[]; ledger: LedgerConfiguration; calendar: WorkingCalendar }
>;
export type ReportMeasureProgress = Command<'ReportMeasureProgress', { unitId: string; measureId: string; progress: string }>;
export type ReportMeasureCompletion = Command<'ReportMeasureCompletion', { unitId: string; measureId: string; report: string }>;
/** 验收 by intake or the campaign office; approval schedules the 回头看 by the configured interval. */
export type VerifyMeasure = Command<
  'VerifyMeasure',
  { measureId: string; approve: boolean; note: string | null; ledger: LedgerConfiguration; calendar: WorkingCalendar }
>;
/** 回头看: confirm the rectification held, or reopen the measure with a reason and a new due date. */
export type RecheckMeasure = Command<
  'RecheckMeasure',
  { measureId: string; confirmed: boolean; note: string | null; newDue: MeasureDue | null; calendar: WorkingCalendar }
>;

/**
 * 问责 on a finding (DESIGN §4): against the unit the finding is against, or a unit responsible for
 * one of its measures, as an organisation or a named official; the same decision as on a case.
 */
export type IssueFindingAccountability = Command<'IssueAccountability', AccountabilityIssued['data']>;

/** The admin erases the person who raised the finding (crypto-shredding), as a complainant is erased. */
export type EraseRaiserIdentity = Command<'EraseRaiserIdentity', { reason: ErasureReason }>;

export type FindingCommand =
  | RaiseFinding
  | WithdrawFinding
  | PlanMeasures
  | ReportMeasureProgress
  | ReportMeasureCompletion
  | VerifyMeasure
  | RecheckMeasure
  | IssueFindingAccountability
  | EraseRaiserIdentity
  /** The scheduler's, shared with a case's measures (rectification/measure-deadline.ts). */
  | MarkMeasureDeadlinePassed;
