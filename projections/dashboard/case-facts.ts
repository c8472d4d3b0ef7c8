import type { CaseEvent, LocalDate } from '@app/domain';

/** Adds a query parameter and returns its placeholder (`$n`). */
export type Param = (value: unknown) => string;

/**
 * The column assignments an event makes on its case's `dashboard_cases` row. `on` is the Beijing
 * date the event happened. Right-hand sides read the row as it was before the event, so a
 * `CASE WHEN lead_unit_id = …` asks about the lead before the change.
 */
export function caseFactChanges(event: CaseEvent, on: LocalDate, p: Param): string[] {
  switch (event.type) {
    case 'ComplaintAccepted':
      return [`status = 'accepted'`, `accepted_on = ${p(on)}::date`];
    case 'ComplaintRejected':
      return [`status = 'rejected'`, `rejected_on = ${p(on)}::date`];
    case 'UnitNotified':
      return [`status = 'in_progress'`, ...(event.data.role === 'lead' ? newLead(event.data.unitId, event.data.handlingDue, p) : [])];
    case 'CaseTransferred':
      // 改派: the new lead starts afresh with its own due date; the old one answers for nothing more.
      return event.data.role === 'lead' ? newLead(event.data.toUnitId, event.data.handlingDue, p) : [];
    case 'DispatchDisputed': {
      // 退单 by the lead: the case has no lead (and no handling due date) until it is re-dispatched.
      const unit = `${p(event.data.unitId)}::text`;
      return [
        `lead_unit_id = CASE WHEN lead_unit_id = ${unit} THEN NULL ELSE lead_unit_id END`,
        `handling_due = CASE WHEN lead_unit_id = ${unit} THEN NULL ELSE handling_due END`,
      ];
    }
    case 'ExtensionGranted': {
      // 延期: an approved extension moves the date the lead is judged against.
      const unit = `${p(event.data.unitId)}::text`;
      return [`handling_due = CASE WHEN lead_unit_id = ${unit} THEN ${p(event.data.newDue)}::date ELSE handling_due END`];
    }
    case 'HandlingReported': {
      const unit = `${p(event.data.unitId)}::text`;
      const day = `${p(on)}::date`;
      const byLead = (then: string, column: string) => `${column} = CASE WHEN lead_unit_id = ${unit} THEN ${then} ELSE ${column} END`;
      // Any report, interim too, counts as handling for the reopen rate's denominator; only a complete
      // one meets the handling deadline (handling_rounds, written by the projection).
      return [byLead(`coalesce(handled_on, ${day})`, 'handled_on')];
    }
    case 'ReturnVisitRecorded':
      return ['visits = visits + 1', `last_visit = ${p(event.data.satisfaction)}::text`, `last_visit_on = ${p(on)}::date`];
    case 'CaseReopened': {
      // 重办: a new round with a new due date; the earlier rounds stay in handling_rounds (a late one
      // stays late). A look-back review (回头看) reopens a closed case: in progress again, not closed.
      const d = event.data;
      return [
        `status = 'in_progress'`,
        'closed_on = NULL',
        `round = ${p(d.round)}::integer`,
        'reopen_count = reopen_count + 1',
        `lead_unit_id = ${p(d.leadUnitId)}::text`,
        `handling_due = ${p(d.handlingDue)}::date`,
      ];
    }
    case 'CaseClosed':
      return [`status = 'closed'`, `closed_on = ${p(on)}::date`];
    default:
      // Supervision, extension requests and denials, measures, accountability and DeadlinePassed
      // change no case fact: overdue is read from the due date against today, not from the scheduler.
      return [];
  }
}

function newLead(unitId: string, handlingDue: LocalDate, p: Param): string[] {
  return [`lead_unit_id = ${p(unitId)}::text`, `handling_due = ${p(handlingDue)}::date`];
}
