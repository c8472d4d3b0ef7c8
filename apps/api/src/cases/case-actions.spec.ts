import { caseDecider, replay, type CaseEvent } from '@app/domain';
import * as story from '@app/domain/case/case.fixtures';
import { allowedCaseActions, allowedMeasureActions, type Actor } from './case-actions';

/**
 * What the console offers on a case page: the actions the case's own rules leave open to the caller
 * now. The standard story of the decider specs (case.fixtures.ts): a licence complaint dispatched to
 * market regulation (lead) on 24 September 2026, signed for on the 28th, handled by 15 October.
 */
const INTAKE: Actor = { role: 'intake', unitId: null };
const DISCIPLINE: Actor = { role: 'discipline', unitId: null };
const MARKET: Actor = { role: 'unit', unitId: story.MARKET };
const WINDOW: Actor = { role: 'unit', unitId: story.WINDOW };
const STRANGER: Actor = { role: 'unit', unitId: story.STRANGER };
const DASHBOARD: Actor = { role: 'dashboard', unitId: null };

const BEFORE_HANDLING_DUE = '2026-10-09T10:00:00+08:00';
const AFTER_HANDLING_DUE = '2026-10-16T10:00:00+08:00';

const open = (history: readonly CaseEvent[], actor: Actor, at = BEFORE_HANDLING_DUE) =>
  allowedCaseActions(replay(caseDecider, history), actor, at);

describe('the actions a case leaves open to its caller', () => {
  it('a filed complaint: intake may accept or reject it, nobody else may do anything yet', () => {
    expect(open(story.filedCase, INTAKE)).toEqual(['accept', 'reject']);
    expect(open(story.filedCase, DISCIPLINE)).toEqual([]);
    expect(open(story.filedCase, MARKET)).toEqual([]);
  });

  it('an accepted complaint is dispatched next; it can no longer be accepted or rejected', () => {
    expect(open(story.acceptedCase, INTAKE)).toEqual(['notify-unit']);
  });

  it('the unit notified may sign for it or dispute it; it cannot report before signing for it', () => {
    expect(open(story.dispatchedCase, MARKET)).toEqual(['acknowledge', 'dispute-dispatch']);
  });

  it('once signed for, the unit may ask for more time or report handling; the signature is not offered again', () => {
    expect(open(story.acknowledgedCase, MARKET)).toEqual(['dispute-dispatch', 'request-extension', 'report-handling']);
  });

  it('after the handling due day has ended, an extension is no longer offered', () => {
    expect(open(story.acknowledgedCase, MARKET, AFTER_HANDLING_DUE)).toEqual(['dispute-dispatch', 'report-handling']);
  });

  it('to a unit never notified of the case, and to a role that only watches, nothing is open', () => {
    expect(open(story.acknowledgedCase, STRANGER)).toEqual([]);
    expect(open(story.acknowledgedCase, DASHBOARD)).toEqual([]);
  });

  it('a co-handling unit may not plan rectification: that is the lead’s', () => {
    const handled = [...story.coHandledCase, story.handlingReported(story.MARKET), story.handlingReported(story.WINDOW)];
    expect(open(handled, MARKET)).toContain('plan-rectification');
    expect(open(handled, WINDOW)).not.toContain('plan-rectification');
  });

  it('an extension asked for is decided by intake, beside supervising, transferring and the rest', () => {
    const asked = [...story.acknowledgedCase, story.extensionRequested(story.MARKET)];
    expect(open(asked, INTAKE)).toEqual(['notify-unit', 'transfer', 'decide-extension', 'supervise']);
    expect(open(story.acknowledgedCase, INTAKE)).not.toContain('decide-extension');
  });

  it('closing is offered only once the closure gate (四不放过) is met', () => {
    expect(open(story.accountableCase, INTAKE)).not.toContain('close');
    expect(open(story.readyToClose, INTAKE)).toContain('close');
  });

  it('a closed case: intake can do nothing more; the discipline office may reopen it on a look-back review', () => {
    expect(open(story.closedCase, INTAKE)).toEqual([]);
    expect(open(story.closedCase, DISCIPLINE)).toEqual(['review-reopen']);
  });

  it('each measure lists what may be done on it: the unit reports a planned one, intake verifies a reported one', () => {
    const state = replay(caseDecider, [...story.plannedCase, story.rectificationReported('M1')]);
    const [m1, m2] = state.measures;
    expect(allowedMeasureActions(state, m1, INTAKE, BEFORE_HANDLING_DUE)).toEqual(['verify-rectification']);
    expect(allowedMeasureActions(state, m2, INTAKE, BEFORE_HANDLING_DUE)).toEqual([]);
    expect(allowedMeasureActions(state, m1, MARKET, BEFORE_HANDLING_DUE)).toEqual([]);
    expect(allowedMeasureActions(state, m2, MARKET, BEFORE_HANDLING_DUE)).toEqual(['report-rectification']);
  });

  // A refusal of the unit (or role) a stand-in names is one of the choices the stand-ins already try
  // each of; it names its field for the form, but does not leave the action open by itself.
  it('a unit that no longer handles the case is not one to supervise or decide an extension for', () => {
    const disputed = [...story.acknowledgedCase, story.extensionRequested(story.MARKET), story.dispatchDisputed(story.MARKET)];
    expect(open(disputed, INTAKE)).toEqual(['notify-unit', 'transfer']);
    expect(open(disputed, DISCIPLINE)).toEqual(['issue-accountability']);
  });

  it('a case is not offered for transfer once every unit on it has reported or was transferred away', () => {
    expect(open(story.handledCase, INTAKE)).not.toContain('transfer');
    const transferredAndHandled = [...story.transferredCase, story.unitAcknowledged(story.HOUSING), story.handlingReported(story.HOUSING)];
    expect(open(transferredAndHandled, INTAKE)).not.toContain('transfer');
    expect(open(story.transferredCase, INTAKE)).toContain('transfer');
  });
});
