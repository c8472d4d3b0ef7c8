/**
 * Case events for tests outside the domain: the one set of builders the decider specs use
 * (libs/domain/src/case/case.fixtures.ts), each shaped exactly as the case decider writes it, with
 * the decider specs' standard story as defaults. A test overrides what its assertions depend on:
 *
 *   import * as ev from '../../test/support/case-events';
 *   ev.unitNotified('dept-housing', { role: 'co', signForDue: '2026-10-12' })
 *
 * Also short histories for the specs, and bulk ones for load and fault tests.
 */
import { randomUUID } from 'node:crypto';
import { caseStreamId, type CaseEvent } from '@app/domain';
import {
  caseClosed,
  complaintAccepted,
  complaintFiled,
  handlingReported,
  noRectificationNeeded,
  unitAcknowledged,
  unitNotified,
} from '@app/domain/case/case.fixtures';
import type { EventStore } from '@app/event-store';
import { newEvents } from './event-log';

export {
  MEASURES,
  accountabilityIssued,
  caseClosed,
  caseReopened,
  caseTransferred,
  complaintAccepted,
  complaintFiled,
  complaintRejected,
  deadlinePassed,
  dispatchDisputed,
  extensionDenied,
  extensionGranted,
  extensionRequested,
  handlingReported,
  interimReport,
  noRectificationNeeded,
  rectificationPlanned,
  rectificationRejected,
  rectificationReported,
  rectificationReportedWithoutInstant,
  rectificationVerified,
  returnVisitRecorded,
  supervisionIssued,
  unitAcknowledged,
  unitNotified,
} from '@app/domain/case/case.fixtures';

/**
 * A complaint filed, accepted and dispatched (交办): notified to its lead unit, then to each
 * co-handling unit, all with the standard story's due dates (sign for by 28 Sep, handle by 15 Oct).
 */
export function filedAndDispatched(caseId: string, leadUnitId: string, ...coHandlingUnitIds: string[]): CaseEvent[] {
  return [
    complaintFiled({ caseId }),
    complaintAccepted(),
    unitNotified(leadUnitId),
    ...coHandlingUnitIds.map((unitId) => unitNotified(unitId, { role: 'co' })),
  ];
}

/**
 * A complaint filed and its lead unit notified (交办) straight away, with the standard story's due
 * dates: the shortest history that puts a case in a unit's hands, for read models that do not look
 * at acceptance.
 */
export function filedWithLead(caseId: string, leadUnitId: string): CaseEvent[] {
  return [complaintFiled({ caseId }), unitNotified(leadUnitId)];
}

/** A plausible case history (filed → handled → closed) as the decider would write it, for bulk tests. */
export function handledCaseEvents(caseId: string, n: number): CaseEvent[] {
  const unit = ['dept-market', 'dept-housing', 'dept-approval'][n % 3];
  return [
    complaintFiled({
      caseId,
      channel: n % 2 ? 'web' : 'hotline',
      category: n % 4 ? 'cumbersome_approval' : 'enquiry',
      title: `审批材料反复退回 #${n}`,
      complainedUnitId: unit,
      complainant: { ref: null, anonymous: true },
    }),
    complaintAccepted(null),
    unitNotified(unit),
    unitAcknowledged(unit),
    handlingReported(unit),
    noRectificationNeeded('无需整改', unit),
    caseClosed('情节轻微'),
  ];
}

/** Appends `cases` case histories, a case per append, without waiting for readers (bulk tests poll the read models). */
export async function appendCases(store: EventStore, cases: number, offset = 0): Promise<void> {
  for (let i = 0; i < cases; i++) {
    const caseId = randomUUID();
    await store.appendToStream(caseStreamId(caseId), newEvents(handledCaseEvents(caseId, offset + i)), { expectedVersion: 'no_stream' });
  }
}
