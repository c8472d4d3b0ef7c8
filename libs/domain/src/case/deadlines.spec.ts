import { DeciderSpecification } from '../shared/decider-specification';
import { caseDecider } from './case.decider';
import { CaseErrors as E } from './case.errors';
import type { DeadlineKind } from './case.model';
import {
  accountableCase,
  acknowledgedCase,
  caseReopened,
  closedCase,
  coHandledCase,
  deadlinePassed,
  dispatchDisputed,
  dispatchedCase,
  extensionGranted,
  extensionRequested,
  handledCase,
  handlingReported,
  HANDLING_DUE,
  HOUSING,
  interimReport,
  MARKET,
  rejectedCase,
  returnVisitRecorded,
  SIGN_FOR_DUE,
  STRANGER,
  transferredCase,
  unitAcknowledged,
  unitNotified,
  WINDOW,
} from './case.fixtures';

const spec = DeciderSpecification.for(caseDecider);

/** The scheduler's command, issued at `at` (by default the first instant after the due day in Beijing). */
const mark = (deadline: DeadlineKind, dueDate: string, unitId = MARKET, at = endOfDayInBeijing(dueDate)) =>
  ({ type: 'MarkDeadlinePassed', at, deadline, unitId, dueDate }) as const;
/** Midnight UTC+8 after `date`, written as UTC: '2026-10-15' → '2026-10-15T16:00:00Z'. */
function endOfDayInBeijing(date: string): string {
  return `${date}T16:00:00Z`;
}

describe('MarkDeadlinePassed (red card, issued by the deadline scheduler)', () => {
  describe('an open deadline', () => {
    it('records a sign-for deadline passed for a unit that has not signed for the case', () => {
      spec
        .given(dispatchedCase)
        .when(mark('sign_for', SIGN_FOR_DUE))
        .then([{ type: 'DeadlinePassed', data: { deadline: 'sign_for', unitId: MARKET, dueDate: '2026-09-28' } }]);
    });

    it('records a handling deadline passed for a unit that has not reported', () => {
      spec
        .given(acknowledgedCase)
        .when(mark('handling', HANDLING_DUE))
        .then([{ type: 'DeadlinePassed', data: { deadline: 'handling', unitId: MARKET, dueDate: '2026-10-15' } }]);
    });

    // A unit that signs for or reports after the due day, before the scheduler got round to it
    // (down, or behind), still earns its red card: met means met in time.
    it('records a sign-for deadline passed even when the unit signed for late, before the scheduler fired', () => {
      spec
        .given([...dispatchedCase, unitAcknowledged(MARKET, '2026-09-29T08:00:00+08:00')])
        .when(mark('sign_for', SIGN_FOR_DUE, MARKET, '2026-09-29T09:00:00+08:00'))
        .then([deadlinePassed('sign_for', SIGN_FOR_DUE)]);
    });

    it('records a handling deadline passed even when the report came late, before the scheduler fired', () => {
      spec
        .given([...acknowledgedCase, handlingReported(MARKET, { reportedAt: '2026-10-16T09:00:00+08:00' })])
        .when(mark('handling', HANDLING_DUE, MARKET, '2026-10-16T10:00:00+08:00'))
        .then([deadlinePassed('handling', HANDLING_DUE)]);
    });

    it('records a co-handling unit’s own deadline', () => {
      spec
        .given(coHandledCase)
        .when(mark('handling', HANDLING_DUE, WINDOW))
        .then([deadlinePassed('handling', HANDLING_DUE, WINDOW)]);
    });

    it('still records the deadline while an extension request waits for a decision', () => {
      spec
        .given([...acknowledgedCase, extensionRequested()])
        .when(mark('handling', HANDLING_DUE))
        .then([deadlinePassed('handling', HANDLING_DUE)]);
    });

    it('records the extended due date when it passes in turn', () => {
      spec
        .given([...acknowledgedCase, extensionRequested(), extensionGranted()])
        .when(mark('handling', '2026-10-22'))
        .then([deadlinePassed('handling', '2026-10-22')]);
    });

    it('records the receiving unit’s deadline after a transfer', () => {
      spec
        .given(transferredCase)
        .when(mark('handling', '2026-10-19', HOUSING))
        .then([deadlinePassed('handling', '2026-10-19', HOUSING)]);
    });

    it('records the round-2 deadline after reopening, though the lead unit reported in round 1', () => {
      spec
        .given([...accountableCase, returnVisitRecorded('unsatisfied'), caseReopened()])
        .when(mark('handling', '2026-11-03'))
        .then([deadlinePassed('handling', '2026-11-03')]);
    });

    // An interim report (阶段性答复: facts not established, no result) does not meet the handling
    // deadline (办结时限): otherwise a unit could dodge the red card and the on-time rate without a result.
    it('records the handling deadline when the unit has only made an interim report', () => {
      spec
        .given([...acknowledgedCase, interimReport(MARKET)])
        .when(mark('handling', HANDLING_DUE))
        .then([deadlinePassed('handling', HANDLING_DUE)]);
    });
  });

  describe('not before the due day has ended in Beijing', () => {
    it('refuses at 23:59:59 on the due day, Beijing time (15:59:59 UTC)', () => {
      spec
        .given(acknowledgedCase)
        .when(mark('handling', HANDLING_DUE, MARKET, '2026-10-15T15:59:59Z'))
        .thenError(E.DEADLINE_NOT_YET_PASSED, { dueDate: '2026-10-15' });
    });

    it('records it at midnight starting the next day, Beijing time (16:00:00 UTC)', () => {
      spec
        .given(acknowledgedCase)
        .when(mark('handling', HANDLING_DUE, MARKET, '2026-10-16T00:00:00+08:00'))
        .then([deadlinePassed('handling', HANDLING_DUE)]);
    });

    it('refuses a sign-for deadline during its due day', () => {
      spec
        .given(dispatchedCase)
        .when(mark('sign_for', SIGN_FOR_DUE, MARKET, '2026-09-28T17:00:00+08:00'))
        .thenError(E.DEADLINE_NOT_YET_PASSED, { dueDate: '2026-09-28' });
    });
  });

  describe('a deadline met, moved or already marked records nothing', () => {
    it('nothing once the unit has signed for the case', () => {
      spec.given(acknowledgedCase).when(mark('sign_for', SIGN_FOR_DUE)).thenNothing();
    });

    it('nothing once the unit has reported handling', () => {
      spec.given(handledCase).when(mark('handling', HANDLING_DUE)).thenNothing();
    });

    it('nothing for a sign-for deadline already marked (a second scheduler instance, or a restart)', () => {
      spec
        .given([...dispatchedCase, deadlinePassed('sign_for', SIGN_FOR_DUE)])
        .when(mark('sign_for', SIGN_FOR_DUE))
        .thenNothing();
    });

    it('nothing for a handling deadline already marked', () => {
      spec
        .given([...acknowledgedCase, deadlinePassed('handling', HANDLING_DUE)])
        .when(mark('handling', HANDLING_DUE))
        .thenNothing();
    });

    it('nothing for a sign-for deadline already marked, though the unit signed for late since', () => {
      spec
        .given([...dispatchedCase, deadlinePassed('sign_for', SIGN_FOR_DUE), unitAcknowledged(MARKET)])
        .when(mark('sign_for', SIGN_FOR_DUE))
        .thenNothing();
    });

    it('nothing for the old due date once an extension moved it', () => {
      spec
        .given([...acknowledgedCase, extensionRequested(), extensionGranted()])
        .when(mark('handling', HANDLING_DUE))
        .thenNothing();
    });

    it('nothing for the sign-for date of an earlier dispatch once the unit is dispatched again', () => {
      spec
        .given([...dispatchedCase, dispatchDisputed(MARKET), unitNotified(MARKET, { signForDue: '2026-09-30', handlingDue: '2026-10-19' })])
        .when(mark('sign_for', SIGN_FOR_DUE))
        .thenNothing();
    });

    it('nothing for the unit the case was transferred away from', () => {
      spec.given(transferredCase).when(mark('handling', HANDLING_DUE)).thenNothing();
    });

    it('nothing for a unit that disputed the dispatch', () => {
      spec
        .given([...dispatchedCase, dispatchDisputed(MARKET)])
        .when(mark('sign_for', SIGN_FOR_DUE))
        .thenNothing();
    });

    it('nothing for a unit never notified of the case', () => {
      spec
        .given(acknowledgedCase)
        .when(mark('handling', HANDLING_DUE, STRANGER))
        .thenNothing();
    });

    it('nothing once the case is closed, even for a co-handling unit that never reported', () => {
      const closedWithCo = [...coHandledCase, ...closedCase.slice(acknowledgedCase.length)];
      spec
        .given(closedWithCo)
        .when(mark('handling', HANDLING_DUE, WINDOW))
        .thenNothing();
    });

    it('nothing on a rejected complaint', () => {
      spec.given(rejectedCase).when(mark('sign_for', SIGN_FOR_DUE)).thenNothing();
    });
  });

  it('refuses a deadline on a case that does not exist', () => {
    spec.given([]).when(mark('handling', HANDLING_DUE)).thenError(E.CASE_NOT_FOUND);
  });
});
