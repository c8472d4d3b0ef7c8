import { CASE_STREAM_PREFIX, isCompleteReport, type CaseEvent, type DeadlineKind, type LocalDate } from '@app/domain';
import { toDomainEvent, type EventEnvelope } from '@app/event-store';
import type { DeadlineKey, DeadlineState } from './deadline';

/** A new deadline to watch. */
export interface OpenDeadline {
  type: 'open';
  deadline: DeadlineKey;
}

/** Stop watching the case's pending deadlines that match (an absent field matches any value). */
export interface CloseDeadlines {
  type: 'close';
  caseId: string;
  unitId?: string;
  kind?: DeadlineKind;
  dueDate?: LocalDate;
  /** Only deadlines still running at this instant: a late sign-for or report leaves the passed one to fire. */
  metAt?: string;
  state: Exclude<DeadlineState, 'pending'>;
}

export type DeadlineChange = OpenDeadline | CloseDeadlines;

/**
 * What one case event does to the deadlines being watched. Pure, so the mapping is tested without a
 * database. It only needs to be right often enough to fire on time: the case decider has the last
 * word when a deadline falls due.
 */
export function deadlineChangesOf(envelope: EventEnvelope): DeadlineChange[] {
  if (!envelope.streamId.startsWith(CASE_STREAM_PREFIX)) return [];
  const caseId = envelope.streamId.slice(CASE_STREAM_PREFIX.length);
  const event = toDomainEvent<CaseEvent>(envelope);
  const open = (unitId: string, kind: DeadlineKind, dueDate: LocalDate): OpenDeadline => ({
    type: 'open',
    deadline: { caseId, unitId, kind, dueDate },
  });
  const close = (state: CloseDeadlines['state'], match: Omit<CloseDeadlines, 'type' | 'caseId' | 'state'> = {}): CloseDeadlines => ({
    type: 'close',
    caseId,
    state,
    ...match,
  });

  switch (event.type) {
    case 'UnitNotified': {
      const { unitId, signForDue, handlingDue } = event.data;
      return [open(unitId, 'sign_for', signForDue), open(unitId, 'handling', handlingDue)];
    }
    case 'CaseTransferred': {
      const { fromUnitId, toUnitId, signForDue, handlingDue } = event.data;
      return [close('cancelled', { unitId: fromUnitId }), open(toUnitId, 'sign_for', signForDue), open(toUnitId, 'handling', handlingDue)];
    }
    // A unit has one handling deadline at a time: a new due date replaces whatever was pending.
    case 'ExtensionGranted':
      return [close('cancelled', { unitId: event.data.unitId, kind: 'handling' }), open(event.data.unitId, 'handling', event.data.newDue)];
    case 'CaseReopened':
      return [
        close('cancelled', { unitId: event.data.leadUnitId, kind: 'handling' }),
        open(event.data.leadUnitId, 'handling', event.data.handlingDue),
      ];
    case 'UnitAcknowledged':
      return [close('met', { unitId: event.data.unitId, kind: 'sign_for', metAt: event.data.acknowledgedAt })];
    // An interim report meets a co-handling unit's deadline but not the lead's, and the event does
    // not say which the unit is: only a complete report closes the row here; the decider settles
    // the rest when it falls due.
    case 'HandlingReported':
      return isCompleteReport(event.data)
        ? [close('met', { unitId: event.data.unitId, kind: 'handling', metAt: event.data.reportedAt })]
        : [];
    case 'DispatchDisputed':
      return [close('cancelled', { unitId: event.data.unitId })];
    case 'DeadlinePassed': {
      const { unitId, deadline, dueDate } = event.data;
      return [close('fired', { unitId, kind: deadline, dueDate })];
    }
    case 'CaseClosed':
    case 'ComplaintRejected':
      return [close('cancelled')];
    default:
      return [];
  }
}
