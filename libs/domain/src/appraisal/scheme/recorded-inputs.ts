import type { RecordedDeduction, RecordedScore, WithdrawnDeduction } from '../appraisal-inputs.state';
import { evolveAppraisalInputs, initialAppraisalInputsState, type AppraisalInputsState } from '../appraisal-inputs.state';
import type { EventRef, RecordedInputEvent } from './appraisal-evidence';
import type { SchemeInput } from './appraisal-scheme.model';

/** An earlier record of a score, corrected since: its event and what it recorded (kept for the record). */
export type SupersededScore = EventRef & RecordedScore;

/** A score's record in force and the records it corrected, by their events. */
export interface ScoreEvidence {
  event: EventRef;
  /** What the record in force recorded: the superseded entry it becomes once corrected. */
  record: RecordedScore;
  /** Earlier records of the same score, oldest first, each with what it recorded. */
  superseded: SupersededScore[];
}

/** A unit's recorded inputs for a year: the stream's state and, for each fact in it, its event. */
export interface InputEvidence {
  state: AppraisalInputsState;
  scores: Partial<Record<SchemeInput, ScoreEvidence>>;
  /** The deductions that count, each with the event that recorded it. */
  deductions: Array<RecordedDeduction & { event: EventRef }>;
  /** The deductions withdrawn (撤销扣分), counted nowhere: each with the event that recorded it and the one that withdrew it. */
  withdrawnDeductions: Array<WithdrawnDeduction & { event: EventRef; withdrawalEvent: EventRef }>;
}

const SCORE_OF: Readonly<Record<string, SchemeInput>> = {
  SurveyScoreRecorded: 'survey',
  ConcentratedEvaluationScoreRecorded: 'concentratedEvaluation',
  OnlineVoteScoreRecorded: 'onlineVote',
};

/**
 * Folds the inputs' events in stream order with the stream's own evolve, so the latest record of
 * each score counts and a withdrawn deduction counts nowhere exactly as on the write side, and keeps
 * the event of every record.
 */
export function recordedInputsOf(records: readonly RecordedInputEvent[]): InputEvidence {
  const ordered = [...records].sort((a, b) => a.ref.streamVersion - b.ref.streamVersion);
  let state = initialAppraisalInputsState();
  const scores: Partial<Record<SchemeInput, ScoreEvidence>> = {};
  let deductions: InputEvidence['deductions'] = [];
  const withdrawnDeductions: InputEvidence['withdrawnDeductions'] = [];
  for (const { event, ref } of ordered) {
    state = evolveAppraisalInputs(state, event);
    if (event.type === 'InspectionDeductionRecorded') {
      deductions.push({ ...state.deductions[state.deductions.length - 1], event: ref });
      continue;
    }
    if (event.type === 'InspectionDeductionWithdrawn') {
      const recorded = deductions.find((d) => d.deductionId === event.data.deductionId);
      const withdrawn = state.withdrawnDeductions.find((d) => d.deductionId === event.data.deductionId);
      if (!recorded || !withdrawn) continue; // nothing counted under that id: evolve changed nothing either
      deductions = deductions.filter((d) => d !== recorded);
      withdrawnDeductions.push({ ...withdrawn, event: recorded.event, withdrawalEvent: ref });
      continue;
    }
    const input = SCORE_OF[event.type];
    const previous = scores[input];
    const record = state[input]!;
    scores[input] = { event: ref, record, superseded: previous ? [...previous.superseded, { ...previous.event, ...previous.record }] : [] };
  }
  return { state, scores, deductions, withdrawnDeductions };
}
