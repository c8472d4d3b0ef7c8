import { beijingDateOf, isLocalDate, yearOf } from '../calendar/local-date';
import { DomainError } from '../shared/domain-error';
import { hasVisibleCharacter, visibleTextOf } from '../shared/visible-text';
import { isUnitKind } from '../unit/unit.model';
import type { Decision } from '../shared/decider';
import type * as C from './appraisal-inputs.commands';
import { AppraisalInputsErrors as E } from './appraisal-inputs.errors';
import type { AppraisalInputsEvent } from './appraisal-inputs.events';
import {
  APPRAISAL_INPUTS_BY_UNIT_KIND,
  APPRAISAL_YEAR_MAX,
  APPRAISAL_YEAR_MIN,
  CONDUCT_POINTS_PER_PERSON_TIME,
  DEDUCTION_POINTS_MAX,
  hasAtMostTwoDecimals,
  LAPSE_COUNT_MAX,
  LAPSE_POINTS,
  roundToHundredths,
  SCORE_MAX,
  SCORE_MIN,
  type AppraisalInput,
  type DeductionBasis,
} from './appraisal-inputs.model';
import { deductionNumbered, type AppraisalInputsState } from './appraisal-inputs.state';

/** Decides what a command does to a unit's appraisal inputs: the events to record, or the rule it would break. */
export function decideAppraisalInputs(command: C.AppraisalInputsCommand, state: AppraisalInputsState): Decision<AppraisalInputsEvent> {
  const broken = checkTarget(command, state, inputOf(command));
  if (broken) return broken;
  const { unitId, year } = command;
  switch (command.type) {
    case 'RecordSurveyScore': {
      const checked = checkScore(command.score, command.respondents, 'respondents');
      if (checked) return checked;
      return [
        {
          type: 'SurveyScoreRecorded',
          data: {
            unitId,
            year,
            score: roundToHundredths(command.score),
            respondents: command.respondents ?? null,
            note: note(command.note),
          },
        },
      ];
    }
    case 'RecordConcentratedEvaluationScore': {
      const checked = checkScore(command.score, command.participants, 'participants');
      if (checked) return checked;
      const data = {
        unitId,
        year,
        score: roundToHundredths(command.score),
        participants: command.participants ?? null,
        note: note(command.note),
      };
      return [{ type: 'ConcentratedEvaluationScoreRecorded', data }];
    }
    case 'RecordOnlineVoteScore': {
      const checked = checkScore(command.score, command.votes, 'votes');
      if (checked) return checked;
      return [
        {
          type: 'OnlineVoteScoreRecorded',
          data: { unitId, year, score: roundToHundredths(command.score), votes: command.votes ?? null, note: note(command.note) },
        },
      ];
    }
    case 'RecordInspectionDeduction':
      return recordDeduction(command, state);
    case 'WithdrawInspectionDeduction':
      return withdrawDeduction(command, state);
  }
}

function inputOf(command: C.AppraisalInputsCommand): AppraisalInput {
  switch (command.type) {
    case 'RecordSurveyScore':
      return 'survey';
    case 'RecordConcentratedEvaluationScore':
      return 'concentrated_evaluation';
    case 'RecordOnlineVoteScore':
      return 'online_vote';
    case 'RecordInspectionDeduction':
    case 'WithdrawInspectionDeduction':
      return 'inspection_deduction';
  }
}

/**
 * A year after the current one in Beijing at `at`: its appraisal has not begun, 422
 * APPRAISAL_YEAR_IN_FUTURE naming `year`. Nothing is recorded for it, and nothing of it is read as
 * if appraised (the table, a unit's breakdown, the export: every unit would stand at full score).
 */
export function appraisalYearNotBegun(year: number, at: string): DomainError | null {
  if (year <= yearOf(beijingDateOf(at))) return null;
  return new DomainError(E.APPRAISAL_YEAR_IN_FUTURE, `The appraisal of ${year} has not begun`, { field: 'year' });
}

/** The stream is the right one, the year is plausible and the input applies to this kind of unit. */
function checkTarget(c: C.AppraisalInputsCommand, state: AppraisalInputsState, input: AppraisalInput): DomainError | null {
  if (state.unitId !== null && (state.unitId !== c.unitId || state.year !== c.year)) {
    return new DomainError(E.APPRAISAL_STREAM_MISMATCH, `These inputs belong to ${state.unitId} for ${state.year}`, {
      unitId: c.unitId,
      year: c.year,
    });
  }
  if (!Number.isInteger(c.year) || c.year < APPRAISAL_YEAR_MIN || c.year > APPRAISAL_YEAR_MAX) {
    return new DomainError(E.INVALID_YEAR, `An appraisal year is from ${APPRAISAL_YEAR_MIN} to ${APPRAISAL_YEAR_MAX}`, { field: 'year' });
  }
  const notBegun = appraisalYearNotBegun(c.year, c.at);
  if (notBegun) return notBegun;
  if (!isUnitKind(c.unitKind) || !APPRAISAL_INPUTS_BY_UNIT_KIND[c.unitKind].includes(input)) {
    return new DomainError(E.APPRAISAL_INPUT_NOT_FOR_UNIT_KIND, `A ${c.unitKind} unit is not appraised by ${input}`, {
      unitId: c.unitId,
      unitKind: c.unitKind,
      input,
    });
  }
  return null;
}

function checkScore(score: number, sampleSize: number | null | undefined, sampleField: string): DomainError | null {
  if (typeof score !== 'number' || !(score >= SCORE_MIN && score <= SCORE_MAX) || !hasAtMostTwoDecimals(score)) {
    return new DomainError(E.INVALID_SCORE, `A score is from ${SCORE_MIN} to ${SCORE_MAX} with at most two decimals`, { field: 'score' });
  }
  if (sampleSize !== undefined && sampleSize !== null && !isPositiveInteger(sampleSize)) {
    return new DomainError(E.INVALID_SAMPLE_SIZE, `${sampleField} is a positive whole number`, { field: sampleField });
  }
  return null;
}

function recordDeduction(c: C.RecordInspectionDeduction, state: AppraisalInputsState): Decision<AppraisalInputsEvent> {
  if (!hasVisibleCharacter(c.deductionId)) return invalidDeduction('deductionId', 'A deduction needs an id');
  // A number names one inspection record whatever its case or width (deductionIdKey): `t-1` after
  // `T-1` is the same record, refused naming the number as it was recorded (`deductionId`).
  const taken = deductionNumbered(state, c.deductionId);
  if (taken && !taken.withdrawn) {
    return new DomainError(
      E.DEDUCTION_ALREADY_RECORDED,
      `Deduction ${c.deductionId} is already recorded as ${taken.deduction.deductionId}`,
      {
        deductionId: taken.deduction.deductionId,
        field: 'deductionId',
      },
    );
  }
  // A withdrawn deduction's id stays taken: its record is still in the stream, and a retry of the
  // original recording must not count it again. A corrected finding is recorded under a new id.
  if (taken) {
    return new DomainError(
      E.DEDUCTION_ALREADY_RECORDED,
      `Deduction ${c.deductionId} was recorded as ${taken.deduction.deductionId} and withdrawn; record a corrected finding under a new id`,
      { deductionId: taken.deduction.deductionId, field: 'deductionId' },
    );
  }
  const reason = visibleTextOf(c.reason);
  if (!reason) return invalidDeduction('reason', 'A deduction needs the reason found by the inspection');
  if (typeof c.occurredOn !== 'string' || !isLocalDate(c.occurredOn))
    return invalidDeduction('occurredOn', 'occurredOn is a date YYYY-MM-DD');
  if (yearOf(c.occurredOn) !== c.year) {
    return new DomainError(E.YEAR_MISMATCH, `${c.occurredOn} is not in the appraisal year ${c.year}`, { field: 'occurredOn' });
  }
  if (c.occurredOn > beijingDateOf(c.at)) {
    return new DomainError(E.DEDUCTION_IN_FUTURE, `${c.occurredOn} has not come yet`, { field: 'occurredOn' });
  }
  const basis = deductionBasis(c);
  if (basis instanceof DomainError) return basis;
  const cited = citedFindingRule(c);
  if (cited) return cited;
  const data = {
    unitId: c.unitId,
    year: c.year,
    deductionId: c.deductionId,
    ...basis,
    points: pointsOf(basis),
    reason,
    occurredOn: c.occurredOn,
    ...(c.findingId ? { findingId: c.findingId } : {}),
  };
  return [{ type: 'InspectionDeductionRecorded', data }];
}

/**
 * 撤销扣分: a deduction of this stream that counts is withdrawn, saying why. Its record stays in the
 * stream; from the withdrawal on it counts nowhere. The stream's rules for recording one apply too
 * (checkTarget): the same unit and year, a plausible year begun, a unit kind that takes deductions.
 */
function withdrawDeduction(c: C.WithdrawInspectionDeduction, state: AppraisalInputsState): Decision<AppraisalInputsEvent> {
  // The deduction is the path's (…/inspection-deductions/{deductionId}/withdrawal), no field of the body;
  // found by the number's key (deductionNumbered: `t-1` withdraws `T-1`), named as it was recorded.
  const numbered = typeof c.deductionId === 'string' ? deductionNumbered(state, c.deductionId) : null;
  if (!numbered) {
    return new DomainError(E.DEDUCTION_NOT_FOUND, `No deduction ${c.deductionId} is recorded for ${c.unitId} in ${c.year}`, {
      deductionId: c.deductionId,
    });
  }
  const { deductionId } = numbered.deduction;
  if (numbered.withdrawn) {
    return new DomainError(E.DEDUCTION_ALREADY_WITHDRAWN, `Deduction ${deductionId} is already withdrawn`, { deductionId });
  }
  const reason = visibleTextOf(c.reason);
  if (!reason) return new DomainError(E.DEDUCTION_WITHDRAWAL_REASON_REQUIRED, 'Say why the deduction is withdrawn', { field: 'reason' });
  // The withdrawal names the deduction as recorded, whatever the spelling asked: the event names its record.
  return [{ type: 'InspectionDeductionWithdrawn', data: { unitId: c.unitId, year: c.year, deductionId, reason } }];
}

/** A deduction may cite a finding of the ledger: one that exists, is against this unit and stands. */
function citedFindingRule(c: C.RecordInspectionDeduction): DomainError | null {
  if (!c.findingId) return null;
  const field = { field: 'findingId', findingId: c.findingId };
  if (!c.citedFinding) return new DomainError(E.CITED_FINDING_NOT_FOUND, `There is no finding ${c.findingId}`, field);
  if (c.citedFinding.unitId !== c.unitId)
    return new DomainError(E.CITED_FINDING_OF_ANOTHER_UNIT, `Finding ${c.findingId} is against another unit`, field);
  if (c.citedFinding.withdrawn) return new DomainError(E.CITED_FINDING_WITHDRAWN, `Finding ${c.findingId} was withdrawn`, field);
  return null;
}

/** The basis with only its own fields (a command may carry extra ones from a loose caller). */
function deductionBasis(c: C.RecordInspectionDeduction): DeductionBasis | DomainError {
  if (c.kind === 'conduct') {
    if (!isPositiveInteger(c.personTimes)) return invalidDeduction('personTimes', 'personTimes is a positive whole number');
    const { min, max } = CONDUCT_POINTS_PER_PERSON_TIME;
    const each = c.pointsPerPersonTime;
    if (typeof each !== 'number' || !(each >= min && each <= max) || !hasAtMostTwoDecimals(each)) {
      return invalidDeduction('pointsPerPersonTime', `A conduct violation costs ${min} to ${max} points per person-time`);
    }
    // In hundredths, exactly: at 0.5 a person-time 200 person-times are the most, at 1 point 100.
    const most = Math.floor((DEDUCTION_POINTS_MAX * 100) / Math.round(each * 100));
    if (c.personTimes > most) {
      return invalidDeduction(
        'personTimes',
        `A deduction costs at most ${DEDUCTION_POINTS_MAX} points, the whole score: at ${roundToHundredths(each)} a person-time, at most ${most} person-times`,
      );
    }
    return { kind: 'conduct', personTimes: c.personTimes, pointsPerPersonTime: roundToHundredths(each) };
  }
  if (c.kind === 'lapse') {
    if (!isPositiveInteger(c.count)) return invalidDeduction('count', 'count is a positive whole number');
    if (c.count > LAPSE_COUNT_MAX) {
      return invalidDeduction(
        'count',
        `A deduction costs at most ${DEDUCTION_POINTS_MAX} points, the whole score: at most ${LAPSE_COUNT_MAX} lapses of ${LAPSE_POINTS}`,
      );
    }
    return { kind: 'lapse', count: c.count };
  }
  return invalidDeduction('kind', 'A deduction is for conduct (per person-time) or a lapse (per occurrence)');
}

function pointsOf(basis: DeductionBasis): number {
  return basis.kind === 'conduct'
    ? roundToHundredths(basis.personTimes * basis.pointsPerPersonTime)
    : roundToHundredths(basis.count * LAPSE_POINTS);
}

function invalidDeduction(field: string, message: string): DomainError {
  return new DomainError(E.INVALID_DEDUCTION, message, { field });
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function note(raw: string | null | undefined): string | null {
  const trimmed = visibleTextOf(raw);
  return trimmed === '' ? null : trimmed;
}
