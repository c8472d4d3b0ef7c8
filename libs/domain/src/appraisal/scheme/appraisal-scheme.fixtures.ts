import type { AppraisalInputsEvent } from '../appraisal-inputs.events';
import type { HandlingRound } from '../../case/handling-rounds';
import type { AccountabilityFact, CaseFact, EventRef, RecordedInputEvent } from './appraisal-evidence';

/** Test data for the evaluation specs: events with made-up but recognisable ids. */

export const ref = (streamId: string, streamVersion: number): EventRef => ({
  eventId: `${streamId}#${streamVersion}`,
  streamId,
  streamVersion,
});

/** A unit's appraisal-inputs stream, built one recorded event at a time. */
export function inputStream(unitId: string, year = 2026) {
  const streamId = `appraisal-${unitId}-${year}`;
  const records: RecordedInputEvent[] = [];
  const add = (event: AppraisalInputsEvent) => {
    records.push({ event, ref: ref(streamId, records.length + 1) });
    return builder;
  };
  const base = { unitId, year };
  const builder = {
    records,
    streamId,
    survey: (score: number, respondents: number | null = null) =>
      add({ type: 'SurveyScoreRecorded', data: { ...base, score, respondents, note: null } }),
    evaluation: (score: number) =>
      add({ type: 'ConcentratedEvaluationScoreRecorded', data: { ...base, score, participants: null, note: null } }),
    onlineVote: (score: number) => add({ type: 'OnlineVoteScoreRecorded', data: { ...base, score, votes: null, note: null } }),
    conduct: (deductionId: string, personTimes: number, pointsPerPersonTime: number) =>
      add({
        type: 'InspectionDeductionRecorded',
        data: {
          ...base,
          deductionId,
          kind: 'conduct',
          personTimes,
          pointsPerPersonTime,
          points: Math.round(personTimes * pointsPerPersonTime * 100) / 100,
          reason: '工作时间脱岗',
          occurredOn: `${year}-06-18`,
        },
      }),
    lapse: (deductionId: string, count: number) =>
      add({
        type: 'InspectionDeductionRecorded',
        data: {
          ...base,
          deductionId,
          kind: 'lapse',
          count,
          points: Math.round(count * 10) / 100,
          reason: '一次性告知单未公示',
          occurredOn: `${year}-07-02`,
        },
      }),
    /** 撤销扣分 of a deduction recorded before in the stream. */
    withdraw: (deductionId: string, reason = '督查记录有误') =>
      add({ type: 'InspectionDeductionWithdrawn', data: { ...base, deductionId, reason } }),
  };
  return builder;
}

/** When the specs ask for the appraisal: the end of 2026 in Beijing, long after every due date of theirs. */
export const APPRAISED_AS_OF = '2026-12-31T16:00:00.000Z';

/** The lead's handling deadline of round 1, due 15 Oct (set by event 3), reported at `doneAt` (event 7) or not yet. */
export const handlingRound = (caseId: string, unitId: string, doneAt: string | null, round = 1): HandlingRound<EventRef> => ({
  round,
  unitId,
  due: '2026-10-15',
  dueBy: ref(`case-${caseId}`, 3),
  doneAt,
  doneBy: doneAt === null ? null : ref(`case-${caseId}`, 7),
});
/** Reported completely on 12 Oct (Beijing), in time for 15 Oct. */
export const reportedInTime = (caseId: string, unitId: string) => [handlingRound(caseId, unitId, '2026-10-12T08:00:00.000Z')];
/** Reported completely on 20 Oct (Beijing), after the due date of 15 Oct. */
export const reportedLate = (caseId: string, unitId: string) => [handlingRound(caseId, unitId, '2026-10-20T08:00:00.000Z')];

/**
 * A case led by `unitId`, dispatched and nothing more; override what happened next. A case given
 * as closed was reported in time (closing needs the lead's complete report) unless the override
 * says otherwise; an open one still awaits its report, due 15 Oct.
 */
export function caseFact(caseId: string, unitId: string, overrides: Partial<CaseFact> = {}): CaseFact {
  return {
    caseId,
    leadUnitId: unitId,
    leadEvent: ref(`case-${caseId}`, 3),
    signForDue: '2026-09-28',
    acknowledged: null,
    closed: null,
    handlingRounds: overrides.closed ? reportedInTime(caseId, unitId) : [handlingRound(caseId, unitId, null)],
    returnVisit: null,
    reopenings: [],
    ...overrides,
  };
}

export const acknowledgedOn = (caseId: string, on: string) => ({ on, event: ref(`case-${caseId}`, 4) });
export const closedEvent = (caseId: string) => ref(`case-${caseId}`, 9);
export const visit = (caseId: string, satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied') => ({
  satisfaction,
  event: ref(`case-${caseId}`, 8),
});

export function accountabilityFact(accountabilityId: string, caseId: string, unitId: string): AccountabilityFact {
  return { accountabilityId, caseId, unitId, forms: ['circulated_notice'], event: ref(`case-${caseId}`, 10) };
}

/** An admonishment (诫勉) of an official of `unitId`, issued on a finding of the ledger (event 6 of the finding's stream). */
export function findingAccountabilityFact(accountabilityId: string, findingId: string, unitId: string): AccountabilityFact {
  return { accountabilityId, findingId, unitId, forms: ['admonishment'], event: ref(`finding-${findingId}`, 6) };
}
