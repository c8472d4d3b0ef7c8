import type { LocalDate } from '../calendar/local-date';
import { isCompleteReport } from './case.state';
import type { CaseEvent } from './case.events';
import type { Instant } from './case.model';
import { lateFrom, type DeadlineFacts } from './deadline-outcome';

/**
 * The lead unit's (主办) handling deadline of one round, as recorded: the due date the events gave it
 * (notification, transfer, extension, reopening) and the instant of the lead's first complete report
 * (facts established and a result), which is the act that meets it. `dueBy` and `doneBy` say which
 * events recorded them (a stream version, or an event reference: whatever the read model cites).
 */
export interface HandlingRound<Ref = number> extends DeadlineFacts {
  /** 1, then the `round` of each CaseReopened (重办). */
  round: number;
  unitId: string;
  dueBy: Ref;
  doneBy: Ref | null;
}

/**
 * The lead's handling deadlines of a case, round by round, after one more event; `at` is when the
 * event happened (its metadata's `occurredAt`), taken for a report written before `reportedAt` existed.
 *
 * - A new lead (交办, 改派, re-dispatch after 退单) replaces the current round's deadline while it is
 *   not met: the deadline it replaces was withdrawn, not missed, and the new lead is judged on its own.
 * - The lead disputing the dispatch (退单) withdraws the current round's deadline.
 * - An extension (延期) granted to the lead moves the current round's due date.
 * - The lead's first complete report of the round is its act; later reports change nothing.
 * - A reopening (重办) starts a new round with its own due date; earlier rounds stay as they were, so
 *   a late round stays late.
 */
export function handlingRoundsAfter<Ref>(
  rounds: readonly HandlingRound<Ref>[],
  event: CaseEvent,
  at: Instant,
  ref: Ref,
): HandlingRound<Ref>[] {
  const current = rounds.at(-1);
  const open = current !== undefined && current.doneAt === null ? current : undefined;
  const earlier = open ? rounds.slice(0, -1) : [...rounds];
  const newLead = (unitId: string, due: LocalDate): HandlingRound<Ref>[] => [
    ...earlier,
    { round: current?.round ?? 1, unitId, due, doneAt: null, dueBy: ref, doneBy: null },
  ];
  switch (event.type) {
    case 'UnitNotified':
      return event.data.role === 'lead' ? newLead(event.data.unitId, event.data.handlingDue) : [...rounds];
    case 'CaseTransferred':
      return event.data.role === 'lead' ? newLead(event.data.toUnitId, event.data.handlingDue) : [...rounds];
    case 'DispatchDisputed':
      return open?.unitId === event.data.unitId ? earlier : [...rounds];
    case 'ExtensionGranted':
      return open?.unitId === event.data.unitId ? [...earlier, { ...open, due: event.data.newDue, dueBy: ref }] : [...rounds];
    case 'HandlingReported': {
      const d = event.data as typeof event.data & { reportedAt?: Instant };
      if (open?.unitId !== d.unitId || !isCompleteReport(d)) return [...rounds];
      return [...earlier, { ...open, doneAt: d.reportedAt ?? at, doneBy: ref }];
    }
    case 'CaseReopened': {
      const d = event.data;
      return [...rounds, { round: d.round, unitId: d.leadUnitId, due: d.handlingDue, doneAt: null, dueBy: ref, doneBy: null }];
    }
    default:
      return [...rounds];
  }
}

/** The event types that change the handling rounds: the others leave them as they are. */
export const HANDLING_ROUND_EVENTS: readonly CaseEvent['type'][] = [
  'UnitNotified',
  'CaseTransferred',
  'DispatchDisputed',
  'ExtensionGranted',
  'HandlingReported',
  'CaseReopened',
];

/** From when the current round's deadline, still without its act, is missed; null when it is met or there is none. */
export function openRoundLateFrom(rounds: readonly HandlingRound<unknown>[]): Date | null {
  const current = rounds.at(-1);
  return current !== undefined && current.doneAt === null ? lateFrom(current.due) : null;
}
