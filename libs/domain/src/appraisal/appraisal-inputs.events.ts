import type { LocalDate } from '../calendar/local-date';
import type { DeductionBasis } from './appraisal-inputs.model';

type Event<Type extends string, Data> = { type: Type; data: Data };

/** Common to every appraisal input: whose and which year's appraisal it feeds. */
interface AppraisalInputData {
  unitId: string;
  year: number;
}

// A score may be recorded again for the same unit and year: that is a correction. The latest
// recording counts, the earlier ones stay in the stream as its history (who changed what, when).

/** 抽样问卷调查 result; `respondents` is the sample size when the survey office reports it. */
export type SurveyScoreRecorded = Event<
  'SurveyScoreRecorded',
  AppraisalInputData & { score: number; respondents: number | null; note: string | null }
>;
/** 集中评议 (concentrated evaluation by enterprise heads and representatives) result. */
export type ConcentratedEvaluationScoreRecorded = Event<
  'ConcentratedEvaluationScoreRecorded',
  AppraisalInputData & { score: number; participants: number | null; note: string | null }
>;
/** 网上投票 result, service windows only. */
export type OnlineVoteScoreRecorded = Event<
  'OnlineVoteScoreRecorded',
  AppraisalInputData & { score: number; votes: number | null; note: string | null }
>;
/** 日常督查扣分: one finding of the daily inspection, with the points it costs (computed when decided). */
export type InspectionDeductionRecorded = Event<
  'InspectionDeductionRecorded',
  AppraisalInputData &
    DeductionBasis & {
      deductionId: string;
      points: number;
      reason: string;
      occurredOn: LocalDate;
      /** The ledger's finding the deduction cites; absent when it cites none (and in deductions recorded before findings existed). */
      findingId?: string;
    }
>;

/**
 * 撤销扣分: a deduction of this stream withdrawn, with the reason. The deduction's own event stays in
 * the stream (its history); from this event on the deduction counts nowhere, and its id stays taken.
 */
export type InspectionDeductionWithdrawn = Event<
  'InspectionDeductionWithdrawn',
  AppraisalInputData & { deductionId: string; reason: string }
>;

/** Everything recorded about one unit's appraisal inputs for one year. */
export type AppraisalInputsEvent =
  | SurveyScoreRecorded
  | ConcentratedEvaluationScoreRecorded
  | OnlineVoteScoreRecorded
  | InspectionDeductionRecorded
  | InspectionDeductionWithdrawn;

export type AppraisalInputsEventType = AppraisalInputsEvent['type'];

/**
 * Schema version of each event type as written today. Bump it when a type's data changes shape,
 * and add an upcaster for the old version (read side) in the same change.
 */
export const APPRAISAL_INPUTS_EVENT_SCHEMA_VERSIONS: Readonly<Record<AppraisalInputsEventType, number>> = {
  SurveyScoreRecorded: 1,
  ConcentratedEvaluationScoreRecorded: 1,
  OnlineVoteScoreRecorded: 1,
  InspectionDeductionRecorded: 1,
  InspectionDeductionWithdrawn: 1,
};

export const APPRAISAL_INPUTS_EVENT_TYPES = Object.keys(APPRAISAL_INPUTS_EVENT_SCHEMA_VERSIONS) as AppraisalInputsEventType[];

/** The stream of one unit's appraisal inputs for one year. */
export const appraisalStreamId = (unitId: string, year: number): string => `appraisal-${unitId}-${year}`;
export const APPRAISAL_STREAM_PREFIX = 'appraisal-';
