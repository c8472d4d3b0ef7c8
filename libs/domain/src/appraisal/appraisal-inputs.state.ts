import type { LocalDate } from '../calendar/local-date';
import type { AppraisalInputsEvent } from './appraisal-inputs.events';
import { deductionIdKey, roundToHundredths, type DeductionBasis } from './appraisal-inputs.model';

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
      // A withdrawal names the deduction exactly as it was recorded (the decider finds it by the
      // number's key, deductionNumbered, and writes the recorded number): so a log recorded before
      // numbers were compared by their key, holding `T-1` and `t-1`, still withdraws the one it named.
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

/** The deduction a number names in this stream, and whether it was withdrawn. */
export interface NumberedDeduction {
  deduction: RecordedDeduction;
  withdrawn: boolean;
}

/**
 * The deduction of this stream a number names, compared by its key (deductionIdKey: case and width
 * aside), or null. A log recorded before numbers were compared so may hold several of one key
 * (`T-1` and `t-1`, each recorded and counting): the one written exactly as the number is named
 * first, counting or withdrawn; failing that, the first recorded of them that still counts; failing
 * that, the first withdrawn. So each of them is still withdrawn by its own number, and a number
 * written otherwise withdraws them one by one, oldest first.
 */
export function deductionNumbered(state: AppraisalInputsState, deductionId: string): NumberedDeduction | null {
  const key = deductionIdKey(deductionId);
  const found = (match: (d: RecordedDeduction) => boolean): NumberedDeduction | null => {
    const counting = state.deductions.find(match);
    if (counting) return { deduction: counting, withdrawn: false };
    const withdrawn = state.withdrawnDeductions.find(match);
    return withdrawn ? { deduction: withdrawn, withdrawn: true } : null;
  };
  return found((d) => d.deductionId === deductionId) ?? found((d) => deductionIdKey(d.deductionId) === key);
}

function recorded(previous: RecordedScore | null, score: number, sampleSize: number | null, note: string | null): RecordedScore {
  return { score, sampleSize, note, revision: (previous?.revision ?? 0) + 1 };
}
