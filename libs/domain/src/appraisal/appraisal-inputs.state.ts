import type { LocalDate } from '../calendar/local-date';
import type { AppraisalInputsEvent } from './appraisal-inputs.events';
import { roundToHundredths, type DeductionBasis } from './appraisal-inputs.model';

/** The score that counts now: the latest recording. */
export interface RecordedScore {
  score: number;
  /** Respondents, participants or votes, when reported. */
  sampleSize: number | null;
  note: string | null;
  /** 1 for the first recording, 2 and up after corrections. */
  revision: number;
}

export type RecordedDeduction = DeductionBasis & {
  deductionId: string;
  points: number;
  reason: string;
  occurredOn: LocalDate;
  findingId?: string;
};

/** A deduction withdrawn (撤销扣分): as it was recorded, with why it was withdrawn. It counts nowhere. */
export type WithdrawnDeduction = RecordedDeduction & { withdrawal: { reason: string } };

/** One unit's appraisal inputs for one year. */
export interface AppraisalInputsState {
  /** null until the first input is recorded. */
  unitId: string | null;
  year: number | null;
  survey: RecordedScore | null;
  concentratedEvaluation: RecordedScore | null;
  onlineVote: RecordedScore | null;
  /** The deductions that count, in the order recorded (a withdrawn one is in `withdrawnDeductions` instead). */
  deductions: readonly RecordedDeduction[];
  /** Sum of the deductions' points (those that count), to the hundredth. */
  deductedPoints: number;
  /** The deductions withdrawn (撤销扣分), in the order withdrawn: their ids stay taken. */
  withdrawnDeductions: readonly WithdrawnDeduction[];
}

export function initialAppraisalInputsState(): AppraisalInputsState {
  return {
    unitId: null,
    year: null,
    survey: null,
    concentratedEvaluation: null,
    onlineVote: null,
    deductions: [],
    deductedPoints: 0,
    withdrawnDeductions: [],
  };
}

/** Folds one event into the inputs' state. */
export function evolveAppraisalInputs(state: AppraisalInputsState, event: AppraisalInputsEvent): AppraisalInputsState {
  const base = { ...state, unitId: event.data.unitId, year: event.data.year };
  switch (event.type) {
    case 'SurveyScoreRecorded':
      return { ...base, survey: recorded(state.survey, event.data.score, event.data.respondents, event.data.note) };
    case 'ConcentratedEvaluationScoreRecorded':
      return {
        ...base,
        concentratedEvaluation: recorded(state.concentratedEvaluation, event.data.score, event.data.participants, event.data.note),
      };
    case 'OnlineVoteScoreRecorded':
      return { ...base, onlineVote: recorded(state.onlineVote, event.data.score, event.data.votes, event.data.note) };
    case 'InspectionDeductionRecorded': {
      const { unitId: _u, year: _y, ...deduction } = event.data;
      return {
        ...base,
        deductions: [...state.deductions, deduction],
        deductedPoints: roundToHundredths(state.deductedPoints + deduction.points),
      };
    }
    case 'InspectionDeductionWithdrawn': {
      const withdrawn = state.deductions.find((d) => d.deductionId === event.data.deductionId);
      if (!withdrawn) return base; // the decider withdraws only a deduction that counts
      return {
        ...base,
        deductions: state.deductions.filter((d) => d !== withdrawn),
        deductedPoints: roundToHundredths(state.deductedPoints - withdrawn.points),
        withdrawnDeductions: [...state.withdrawnDeductions, { ...withdrawn, withdrawal: { reason: event.data.reason } }],
      };
    }
  }
}

function recorded(previous: RecordedScore | null, score: number, sampleSize: number | null, note: string | null): RecordedScore {
  return { score, sampleSize, note, revision: (previous?.revision ?? 0) + 1 };
}
