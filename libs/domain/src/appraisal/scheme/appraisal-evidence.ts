import type { LocalDate } from '../../calendar/local-date';
import type { Satisfaction } from '../../case/case.model';
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
  /** DeadlinePassed of the handling deadline for the lead, in any round (超期). */
  handlingOverdue: readonly EventRef[];
  /** The latest return visit (回访) of the current round. */
  returnVisit: { satisfaction: Satisfaction; event: EventRef } | null;
  /** CaseReopened events (重办). */
  reopenings: readonly EventRef[];
}

/** One accountability (问责) issued against the unit, as an organisation or one of its officials. */
export interface AccountabilityFact {
  accountabilityId: string;
  caseId: string;
  unitId: string;
  forms: readonly string[];
  event: EventRef;
}
