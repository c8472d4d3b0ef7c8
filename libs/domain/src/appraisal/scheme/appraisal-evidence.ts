import type { LocalDate } from '../../calendar/local-date';
import type { Instant, Satisfaction } from '../../case/case.model';
import { roundsOutcome, type DeadlineOutcome } from '../../case/deadline-outcome';
import type { HandlingRound } from '../../case/handling-rounds';
import type { AppraisalInputsEvent } from '../appraisal-inputs.events';

/**
 * What a score is made of, each fact with the event that recorded it, so that every point of a
 * unit's score can be followed back to the log (docs/rules.md#composite-score-grade-and-rank). Read models supply these; the
 * evaluation only computes.
 */

/** The event behind a fact. */
export interface EventRef {
  eventId: string;
  streamId: string;
  streamVersion: number;
}

/** An appraisal-inputs event (stream `appraisal-<unit>-<year>`) with the event that carried it. */
export interface RecordedInputEvent {
  event: AppraisalInputsEvent;
  ref: EventRef;
}

/**
 * One case as it counts for its lead unit (主办单位): a case counts for the unit that leads it now
 * (or led it when it closed). A transfer (改派) or a new dispatch after a dispute (退单) moves the
 * case, with a clean slate, to the new lead: it was not the previous unit's duty.
 */
export interface CaseFact {
  caseId: string;
  leadUnitId: string;
  /** UnitNotified or CaseTransferred that made the unit the lead. */
  leadEvent: EventRef;
  /** Sign-for (签收) due date the lead was given. */
  signForDue: LocalDate;
  /** 签收: the Beijing date the lead signed for the case, and the event; null while it has not. */
  acknowledged: { on: LocalDate; event: EventRef } | null;
  /** CaseClosed, while the case is closed (a reopening clears it). */
  closed: EventRef | null;
  /**
   * The handling deadline of each round as recorded (due date, the complete report's instant, and
   * the events that recorded them), the lead's among them judged by libs/domain's deadline rule
   * (case/deadline-outcome.ts) — never by whether the scheduler wrote DeadlinePassed.
   */
  handlingRounds: readonly HandlingRound<EventRef>[];
  /** The latest return visit (回访) of the current round. */
  returnVisit: { satisfaction: Satisfaction; event: EventRef } | null;
  /** CaseReopened events (重办). */
  reopenings: readonly EventRef[];
}

/**
 * What an accountability decision was issued on: a case, or a finding (问题) of the rectification
 * ledger — exactly one of the two. A decision on a finding counts for the unit it is against exactly
 * as one on a case.
 */
export type AccountabilitySource = { caseId: string; findingId?: never } | { findingId: string; caseId?: never };

/** One accountability (问责) issued against the unit, as an organisation or one of its officials, on a case or a finding. */
export type AccountabilityFact = AccountabilitySource & {
  accountabilityId: string;
  unitId: string;
  forms: readonly string[];
  event: EventRef;
};

/** The source of a decision alone (`{caseId}` or `{findingId}`), as evidence names it. */
export function accountabilitySourceOf(a: AccountabilitySource): AccountabilitySource {
  return a.findingId !== undefined ? { findingId: a.findingId } : { caseId: a.caseId };
}

/**
 * The lead's handling of a case across its rounds at `asOf`, by the one deadline rule: missed when
 * any round of the lead's was missed (a late round stays late after 重办), met when all were met.
 * Only the current lead's rounds count: a deadline of an earlier lead was withdrawn with the case.
 */
export function leadHandlingOutcome(c: CaseFact, asOf: Instant): DeadlineOutcome {
  return roundsOutcome(leadRounds(c), asOf);
}

/** The rounds of the case's handling deadline that were the current lead's. */
export function leadRounds(c: CaseFact): HandlingRound<EventRef>[] {
  return c.handlingRounds.filter((r) => r.unitId === c.leadUnitId);
}
