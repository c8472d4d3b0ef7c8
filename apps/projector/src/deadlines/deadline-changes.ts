import {
  CASE_STREAM_PREFIX,
  FINDING_STREAM_PREFIX,
  isCompleteReport,
  type CaseEvent,
  type DeadlineKind,
  type FindingEvent,
  type LocalDate,
  type MeasureDeadlineKind,
} from '@app/domain';
import { toDomainEvent, type EventEnvelope } from '@app/event-store';
import type { DeadlineKey, DeadlineState } from './deadline';

/** A new deadline to watch. */
export interface OpenDeadline {
  type: 'open';
  deadline: DeadlineKey;
}

/**
 * Stop watching the case's pending unit deadlines that match (an absent field matches any value).
 * Measure deadlines are left alone: a case's measures have their own events.
 */
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

/** Stop watching the stream's pending measure deadlines that match (an absent field matches any value). */
export interface CloseMeasureDeadlines {
  type: 'close_measure';
  streamId: string;
  measureId?: string;
  kind?: MeasureDeadlineKind;
  dueDate?: LocalDate;
  /** Only deadlines still running at this instant: a late completion report leaves the passed one to fire. */
  metAt?: string;
  state: Exclude<DeadlineState, 'pending'>;
}

/**
 * Watch the measure's latest due date again if it was closed as met: the work was found wanting
 * (验收 rejected), so it is owed again by the same date. One already fired or cancelled stays so.
 */
export interface ReopenMeasureDue {
  type: 'reopen_measure_due';
  streamId: string;
  measureId: string;
}

export type DeadlineChange = OpenDeadline | CloseDeadlines | CloseMeasureDeadlines | ReopenMeasureDue;

/** The streams whose events the feeder reads: the holders of deadlines. */
export const DEADLINE_STREAM_PREFIXES: readonly string[] = [CASE_STREAM_PREFIX, FINDING_STREAM_PREFIX];

/**
 * What one event does to the deadlines being watched: a case's (its units' deadlines and its
 * measures') or a finding's (its measures'). Pure, so the mapping is tested without a database. It
 * only needs to be right often enough to fire on time: the holder's decider has the last word when
 * a deadline falls due.
 */
export function deadlineChangesOf(envelope: EventEnvelope): DeadlineChange[] {
  if (envelope.streamId.startsWith(CASE_STREAM_PREFIX)) return caseChanges(envelope);
  if (envelope.streamId.startsWith(FINDING_STREAM_PREFIX)) return findingChanges(envelope);
  return [];
}

function caseChanges(envelope: EventEnvelope): DeadlineChange[] {
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
  const measures = measureChangesIn(envelope.streamId);

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
    // Closing ends the units' deadlines, not the measures': a measure still owed is carded (or
    // not) by the case decider, which does not look at the case's status for it.
    case 'CaseClosed':
    case 'ComplaintRejected':
      return [close('cancelled')];
    case 'RectificationPlanned':
      return event.data.measures.map((m) => measures.openDue(m.measureId, m.responsibleUnitId, m.dueDate));
    // Judged by `reportedAt`, as a finding's completion: a report after the due day leaves the passed
    // deadline to fire. A report recorded before `reportedAt` existed meets it whenever it came.
    case 'RectificationReported':
      return [measures.closeDue(event.data.measureId, event.data.reportedAt)];
    case 'RectificationRejected':
      return [measures.reopenDue(event.data.measureId)];
    case 'MeasureDeadlinePassed':
      return [measures.fired(event.data)];
    default:
      return [];
  }
}

function findingChanges(envelope: EventEnvelope): DeadlineChange[] {
  const streamId = envelope.streamId;
  const event = toDomainEvent<FindingEvent>(envelope);
  const measures = measureChangesIn(streamId);

  switch (event.type) {
    case 'MeasuresPlanned':
      return event.data.measures.map((m) => measures.openDue(m.measureId, m.responsibleUnitId, m.dueDate));
    // Judged by `reportedAt`: a completion after the due day leaves the passed deadline to fire.
    case 'MeasureCompletionReported':
      return [measures.closeDue(event.data.measureId, event.data.reportedAt)];
    case 'MeasureRejected':
      return [measures.reopenDue(event.data.measureId)];
    case 'MeasureVerified':
      return [measures.open(event.data.measureId, null, 'recheck', event.data.recheckDue)];
    case 'MeasureRecheckConfirmed':
      return [{ type: 'close_measure', streamId, measureId: event.data.measureId, kind: 'recheck', state: 'met' }];
    // The re-check was made (the 回头看 deadline is met) and found wanting: owed again by a new date.
    case 'MeasureReopened':
      return [
        { type: 'close_measure', streamId, measureId: event.data.measureId, kind: 'recheck', state: 'met' },
        measures.open(event.data.measureId, null, 'measure_due', event.data.dueDate),
      ];
    case 'MeasureDeadlinePassed':
      return [measures.fired(event.data)];
    case 'FindingWithdrawn':
      return [{ type: 'close_measure', streamId, state: 'cancelled' }];
    default:
      return [];
  }
}

/** The changes to the measure deadlines of one stream, whichever holder's events name them. */
function measureChangesIn(streamId: string) {
  const open = (measureId: string, unitId: string | null, kind: MeasureDeadlineKind, dueDate: LocalDate): OpenDeadline => ({
    type: 'open',
    deadline: { streamId, measureId, unitId, kind, dueDate },
  });
  return {
    open,
    openDue: (measureId: string, unitId: string, dueDate: LocalDate) => open(measureId, unitId, 'measure_due', dueDate),
    closeDue: (measureId: string, metAt?: string): CloseMeasureDeadlines => ({
      type: 'close_measure',
      streamId,
      measureId,
      kind: 'measure_due',
      ...(metAt === undefined ? {} : { metAt }),
      state: 'met',
    }),
    reopenDue: (measureId: string): ReopenMeasureDue => ({ type: 'reopen_measure_due', streamId, measureId }),
    fired: (d: { measureId: string; deadline: MeasureDeadlineKind; dueDate: LocalDate }): CloseMeasureDeadlines => ({
      type: 'close_measure',
      streamId,
      measureId: d.measureId,
      kind: d.deadline,
      dueDate: d.dueDate,
      state: 'fired',
    }),
  };
}
