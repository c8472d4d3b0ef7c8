import type { LocalDate } from '../calendar/local-date';
import type { Instant } from '../case/case.model';
import type { UnitKind } from '../unit/unit.model';
import type { DeductionBasis } from './appraisal-inputs.model';

/**
 * Commands recording appraisal inputs, imperative and plain; every command carries `at`, the
 * instant it is decided. Any of them may be the first in its stream, so each names the unit and
 * year. `unitKind` is the unit's kind from the registry (the decider sees one stream only): it
 * decides which inputs apply.
 */
type Command<Type extends string, Data> = { type: Type; at: Instant; unitId: string; year: number; unitKind: UnitKind } & Data;

export type RecordSurveyScore = Command<'RecordSurveyScore', { score: number; respondents?: number | null; note?: string | null }>;
export type RecordConcentratedEvaluationScore = Command<
  'RecordConcentratedEvaluationScore',
  { score: number; participants?: number | null; note?: string | null }
>;
export type RecordOnlineVoteScore = Command<'RecordOnlineVoteScore', { score: number; votes?: number | null; note?: string | null }>;
export type RecordInspectionDeduction = Command<
  'RecordInspectionDeduction',
  DeductionBasis & {
    /** Chosen by the caller (e.g. the inspection record's number) so a finding is recorded once. */
    deductionId: string;
    reason: string;
    occurredOn: LocalDate;
    /** The finding (问题) of the ledger the inspection found, when the deduction cites one. */
    findingId?: string | null;
    /** What the handler found of that finding in its stream (null: no such finding). */
    citedFinding?: CitedFinding | null;
  }
>;

/**
 * 撤销扣分: withdraws a deduction recorded in this stream in error (a typo, a finding the inspection
 * got wrong). The record stays in the stream; from the withdrawal on it counts nowhere.
 */
export type WithdrawInspectionDeduction = Command<
  'WithdrawInspectionDeduction',
  {
    /** The id the deduction was recorded under. */
    deductionId: string;
    /** Why it is withdrawn. */
    reason: string;
  }
>;

/** A cited finding as its stream stands: the unit it is against, and whether it was withdrawn. */
export interface CitedFinding {
  unitId: string;
  withdrawn: boolean;
}

export type AppraisalInputsCommand =
  RecordSurveyScore | RecordConcentratedEvaluationScore | RecordOnlineVoteScore | RecordInspectionDeduction | WithdrawInspectionDeduction;

export type AppraisalInputsCommandType = AppraisalInputsCommand['type'];
