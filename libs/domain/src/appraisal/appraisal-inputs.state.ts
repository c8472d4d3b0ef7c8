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

export type RecordedDeduction = DeductionBasis & { deductionId: string; points: number; reason: string; occurredOn: LocalDate };

/** One unit's appraisal inputs for one year. */
export interface AppraisalInputsState {
  /** null until the first input is recorded. */
  unitId: string | null;
  year: number | null;
  survey: RecordedScore | null;
  concentratedEvaluation: RecordedScore | null;
  onlineVote: RecordedScore | null;
  /** In the order recorded. */
  deductions: readonly RecordedDeduction[];
  /** Sum of the deductions' points, in hundredths. */
  deductedPoints: number;
}

export function initialAppraisalInputsState(): AppraisalInputsState {
  return { unitId: null, year: null, survey: null, concentratedEvaluation: null, onlineVote: null, deductions: [], deductedPoints: 0 };
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
  }
}

function recorded(previous: RecordedScore | null, score: number, sampleSize: number | null, note: string | null): RecordedScore {
  return { score, sampleSize, note, revision: (previous?.revision ?? 0) + 1 };
}
