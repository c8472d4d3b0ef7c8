import {
  beijingDateOf,
  HANDLING_ROUND_EVENTS,
  handlingRoundsAfter,
  openRoundLateFrom,
  roundsMissedFrom,
  type CaseEvent,
  type ComplaintFiled,
  type HandlingRound,
  type Instant,
  type LocalDate,
} from '@app/domain';
import type { FactRow } from './fact-row';

/** Where and when an event happened: its case, its stream version and its Beijing date. */
export interface EventPlace {
  caseId: string;
  version: number;
  on: LocalDate;
}

/** A new case's `dashboard_cases` row: every column, defaults included, as `to_json` would give it. */
export function filedCaseRow(event: ComplaintFiled, at: EventPlace): FactRow {
  const d = event.data;
  return {
    case_id: at.caseId,
    version: at.version,
    channel: d.channel,
    category: d.category,
    urgency: d.urgency,
    complained_unit_id: d.complainedUnitId,
    received_on: beijingDateOf(d.receivedAt),
    status: 'filed',
    accepted_on: null,
    rejected_on: null,
    lead_unit_id: null,
    handling_due: null,
    handling_rounds: [],
    handling_missed_from: null,
    open_late_from: null,
    handled_on: null,
    round: 1,
    reopen_count: 0,
    visits: 0,
    last_visit: null,
    last_visit_on: null,
    closed_on: null,
  };
}

/**
 * The case's `dashboard_cases` row after one more of its events (any but ComplaintFiled), stamped
 * with its version. `at.on` is the Beijing date the event happened; `occurredAt` its metadata's
 * instant (a report written before `reportedAt` existed is dated by it).
 */
export function caseRowAfter(row: FactRow, event: CaseEvent, at: EventPlace, occurredAt: Instant): FactRow {
  const after: FactRow = { ...row, version: at.version, ...caseFactChanges(row, event, at.on) };
  if (HANDLING_ROUND_EVENTS.includes(event.type)) {
    const rounds = handlingRoundsAfter(row.handling_rounds as HandlingRound[], event, occurredAt, at.version);
    after.handling_rounds = rounds;
    after.handling_missed_from = roundsMissedFrom(rounds)?.toISOString() ?? null;
    after.open_late_from = openRoundLateFrom(rounds)?.toISOString() ?? null;
  }
  return after;
}

/** The columns an event changes on its case's row, read from the row as it was before the event. */
function caseFactChanges(row: FactRow, event: CaseEvent, on: LocalDate): FactRow {
  const ledBy = (unitId: string) => row.lead_unit_id === unitId;
  switch (event.type) {
    case 'ComplaintAccepted':
      return { status: 'accepted', accepted_on: on };
    case 'ComplaintRejected':
      return { status: 'rejected', rejected_on: on };
    case 'UnitNotified':
      return { status: 'in_progress', ...(event.data.role === 'lead' ? newLead(event.data.unitId, event.data.handlingDue) : {}) };
    case 'CaseTransferred':
      // 改派: the new lead starts afresh with its own due date; the old one answers for nothing more.
      return event.data.role === 'lead' ? newLead(event.data.toUnitId, event.data.handlingDue) : {};
    case 'DispatchDisputed':
      // 退单 by the lead: the case has no lead (and no handling due date) until it is re-dispatched.
      return ledBy(event.data.unitId) ? { lead_unit_id: null, handling_due: null } : {};
    case 'ExtensionGranted':
      // 延期: an approved extension moves the date the lead is judged against.
      return ledBy(event.data.unitId) ? { handling_due: event.data.newDue } : {};
    case 'HandlingReported':
      // Any report, interim too, counts as handling for the reopen rate's denominator; only a complete
      // one meets the handling deadline (handling_rounds, caseRowAfter).
      return ledBy(event.data.unitId) ? { handled_on: row.handled_on ?? on } : {};
    case 'ReturnVisitRecorded':
      return { visits: (row.visits as number) + 1, last_visit: event.data.satisfaction, last_visit_on: on };
    case 'CaseReopened': {
      // 重办: a new round with a new due date; the earlier rounds stay in handling_rounds (a late one
      // stays late). A look-back review (回头看) reopens a closed case: in progress again, not closed.
      const d = event.data;
      return {
        status: 'in_progress',
        closed_on: null,
        round: d.round,
        reopen_count: (row.reopen_count as number) + 1,
        lead_unit_id: d.leadUnitId,
        handling_due: d.handlingDue,
      };
    }
    case 'CaseClosed':
      return { status: 'closed', closed_on: on };
    default:
      // Supervision, extension requests and denials, measures, accountability and DeadlinePassed
      // change no case fact: overdue is read from the due date against today, not from the scheduler.
      return {};
  }
}

function newLead(unitId: string, handlingDue: LocalDate): FactRow {
  return { lead_unit_id: unitId, handling_due: handlingDue };
}
