import type { CaseEvent } from '@app/domain';
import { deadlineChangesOf } from './deadline-changes';
import { deadlineIdOf, fireAtOf } from './deadline';
import * as ev from '../../../../test/support/case-events';
import { DUE_2_MARCH, INTERIM_REPORTED_AT, REPORTED_IN_TIME, SIGNED_FOR_IN_TIME, envelopeOf } from './deadlines.fixtures';

const changes = (event: CaseEvent) => deadlineChangesOf(envelopeOf(event, 'case-c1'));
const open = (unitId: string, kind: string, dueDate: string) => ({ type: 'open', deadline: { caseId: 'c1', unitId, kind, dueDate } });

describe('deadline changes of a case event', () => {
  it('UnitNotified opens the unit’s sign-for and handling deadlines', () => {
    expect(changes(ev.unitNotified('u1', { signForDue: '2026-03-03', handlingDue: '2026-03-16' }))).toEqual([
      open('u1', 'sign_for', '2026-03-03'),
      open('u1', 'handling', '2026-03-16'),
    ]);
  });

  it('CaseTransferred cancels everything of the unit it leaves and opens the new unit’s deadlines', () => {
    expect(changes(ev.caseTransferred({ fromUnitId: 'u1', toUnitId: 'u2', signForDue: '2026-03-05', handlingDue: '2026-03-18' }))).toEqual([
      { type: 'close', caseId: 'c1', unitId: 'u1', state: 'cancelled' },
      open('u2', 'sign_for', '2026-03-05'),
      open('u2', 'handling', '2026-03-18'),
    ]);
  });

  it.each([
    ['ExtensionGranted', ev.extensionGranted({ unitId: 'u1', previousDue: '2026-03-16', newDue: '2026-03-23' }), '2026-03-23'],
    ['CaseReopened', ev.caseReopened({ leadUnitId: 'u1', handlingDue: '2026-04-01' }), '2026-04-01'],
  ])('%s replaces the unit’s handling deadline', (_name, event, newDue) => {
    expect(changes(event)).toEqual([
      { type: 'close', caseId: 'c1', unitId: 'u1', kind: 'handling', state: 'cancelled' },
      open('u1', 'handling', newDue),
    ]);
  });

  it.each([
    [
      'UnitAcknowledged',
      ev.unitAcknowledged('u1', SIGNED_FOR_IN_TIME),
      { unitId: 'u1', kind: 'sign_for', state: 'met', metAt: '2026-03-02T11:00:00+08:00' },
    ],
    [
      'HandlingReported',
      ev.handlingReported('u1', { reportedAt: REPORTED_IN_TIME }),
      { unitId: 'u1', kind: 'handling', state: 'met', metAt: '2026-03-10T10:00:00+08:00' },
    ],
    ['DispatchDisputed', ev.dispatchDisputed('u1'), { unitId: 'u1', state: 'cancelled' }],
    ['CaseClosed', ev.caseClosed(), { state: 'cancelled' }],
    ['ComplaintRejected', ev.complaintRejected(), { state: 'cancelled' }],
    [
      'DeadlinePassed',
      ev.deadlinePassed('handling', '2026-03-16', 'u1'),
      { unitId: 'u1', kind: 'handling', dueDate: '2026-03-16', state: 'fired' },
    ],
  ])('%s closes the matching deadlines', (_name, event, close) => {
    expect(changes(event)).toEqual([{ type: 'close', caseId: 'c1', ...close }]);
  });

  it('events that move no deadline, and streams that are not cases, change nothing', () => {
    expect(changes(ev.complaintAccepted())).toEqual([]);
    // An interim report may or may not meet the deadline (lead or co-handling unit): the decider says.
    expect(changes(ev.interimReport('u1', { reportedAt: INTERIM_REPORTED_AT }))).toEqual([]);
    expect(deadlineChangesOf(envelopeOf(ev.unitNotified('u1', DUE_2_MARCH), 'unit-u1'))).toEqual([]);
  });

  it('a deadline is identified by case, unit, kind and due date, and passes when its day ends in Beijing', () => {
    expect(deadlineIdOf({ caseId: 'c1', unitId: 'u1', kind: 'handling', dueDate: '2026-03-16' })).toBe('c1:u1:handling:2026-03-16');
    expect(fireAtOf('2026-03-16').toISOString()).toBe('2026-03-16T16:00:00.000Z');
  });
});
