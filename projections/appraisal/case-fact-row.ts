import type { EventEnvelope } from '@app/event-store';
import {
  beijingDateOf,
  handlingRoundsAfter,
  HANDLING_ROUND_EVENTS,
  type CaseEvent,
  type CaseFact,
  type EventRef,
  type HandlingRound,
  type LocalDate,
  type Satisfaction,
} from '@app/domain';

/**
 * One case as the appraisal keeps it (a row of appraisal_case_facts): what it counts for its lead
 * unit (主办) in the year it was received. `leadUnitId` is null while no unit leads it (not yet
 * dispatched, or the lead disputed the dispatch); it then counts for nobody.
 */
export interface CaseFactRow {
  caseId: string;
  year: number;
  leadUnitId: string | null;
  leadEvent: EventRef | null;
  signForDue: LocalDate | null;
  acknowledged: { on: LocalDate; event: EventRef } | null;
  closed: EventRef | null;
  handlingRounds: HandlingRound<EventRef>[];
  returnVisit: { satisfaction: Satisfaction; event: EventRef } | null;
  reopenings: EventRef[];
}

/** The case events that change a case's row (ComplaintFiled creates it). */
export const CASE_FACT_EVENTS = [
  'UnitNotified',
  'CaseTransferred',
  'DispatchDisputed',
  'ExtensionGranted',
  'HandlingReported',
  'UnitAcknowledged',
  'ReturnVisitRecorded',
  'CaseReopened',
  'CaseClosed',
] as const satisfies readonly CaseEvent['type'][];

/**
 * The row after one more event of its case; the same row when the event changes nothing for it. A
 * lead change (transfer, dispatch after a dispute) gives the new lead a clean slate; an event about
 * a unit that is not the lead changes nothing.
 */
export function caseFactAfter(row: CaseFactRow, e: EventEnvelope): CaseFactRow {
  const event = { type: e.type, data: e.data } as CaseEvent;
  const ref: EventRef = { eventId: e.eventId, streamId: e.streamId, streamVersion: e.streamVersion };
  // 延期, the lead's complete report, a new lead or a reopening move the handling deadlines (handlingRoundsAfter).
  const rounds = () =>
    HANDLING_ROUND_EVENTS.includes(event.type)
      ? handlingRoundsAfter(row.handlingRounds, event, e.metadata.occurredAt, ref)
      : row.handlingRounds;
  const newLead = (unitId: string, signForDue: LocalDate): CaseFactRow => ({
    ...row,
    leadUnitId: unitId,
    leadEvent: ref,
    signForDue,
    acknowledged: null,
    handlingRounds: rounds(),
  });
  const byLead = (unitId: string, changed: () => CaseFactRow) => (row.leadUnitId === unitId ? changed() : row);
  switch (event.type) {
    case 'UnitNotified':
      return event.data.role === 'lead' ? newLead(event.data.unitId, event.data.signForDue) : row;
    case 'CaseTransferred':
      return event.data.role === 'lead' ? newLead(event.data.toUnitId, event.data.signForDue) : row;
    case 'DispatchDisputed':
      return byLead(event.data.unitId, () => ({
        ...row,
        leadUnitId: null,
        leadEvent: null,
        signForDue: null,
        acknowledged: null,
        handlingRounds: rounds(),
      }));
    case 'ExtensionGranted':
    case 'HandlingReported':
      return byLead(event.data.unitId, () => ({ ...row, handlingRounds: rounds() }));
    case 'UnitAcknowledged': {
      // Events written before acknowledgedAt existed: the command's instant is the metadata's occurredAt.
      const d = event.data as { unitId: string; acknowledgedAt?: string };
      const on = beijingDateOf(d.acknowledgedAt ?? e.metadata.occurredAt);
      return byLead(d.unitId, () => ({ ...row, acknowledged: { on, event: ref } }));
    }
    // DeadlinePassed is the live alert, not a fact the appraisal counts: whether a deadline was met is
    // decided from the recorded due dates and reports (handlingRounds), whenever the scheduler ran.
    case 'ReturnVisitRecorded':
      return { ...row, returnVisit: { satisfaction: event.data.satisfaction, event: ref } };
    case 'CaseReopened':
      // Handled again (重办): the case is open again and the new round's return visit is what counts.
      return { ...row, reopenings: [...row.reopenings, ref], closed: null, returnVisit: null, handlingRounds: rounds() };
    case 'CaseClosed':
      return { ...row, closed: ref };
    default:
      return row;
  }
}

/** The row as the domain's evaluation takes a case; null while no unit leads it. */
export function asCaseFact(row: CaseFactRow): CaseFact | null {
  if (row.leadUnitId === null || row.leadEvent === null || row.signForDue === null) return null;
  return {
    caseId: row.caseId,
    leadUnitId: row.leadUnitId,
    leadEvent: row.leadEvent,
    signForDue: row.signForDue,
    acknowledged: row.acknowledged,
    closed: row.closed,
    handlingRounds: row.handlingRounds,
    returnVisit: row.returnVisit,
    reopenings: row.reopenings,
  };
}

/** A row as selected (`sign_for_due` and `acknowledged_on` as text). */
export function caseFactRowOf(r: Record<string, unknown>): CaseFactRow {
  return {
    caseId: r.case_id as string,
    year: r.year as number,
    leadUnitId: (r.lead_unit_id as string | null) ?? null,
    leadEvent: (r.lead_event as EventRef | null) ?? null,
    signForDue: (r.sign_for_due as string | null) ?? null,
    acknowledged: r.acknowledged_event ? { on: r.acknowledged_on as string, event: r.acknowledged_event as EventRef } : null,
    closed: (r.closed_event as EventRef | null) ?? null,
    handlingRounds: r.handling_rounds as HandlingRound<EventRef>[],
    returnVisit: r.visit_event ? { satisfaction: r.visit_satisfaction as Satisfaction, event: r.visit_event as EventRef } : null,
    reopenings: r.reopenings as EventRef[],
  };
}
