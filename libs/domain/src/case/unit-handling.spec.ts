import { CALENDAR_YEAR_MISSING } from '../calendar/working-calendar';
import { DeciderSpecification, givenFor, refusal } from '../shared/decider-specification';
import type { CaseCommand } from './case.commands';
import { caseDecider } from './case.decider';
import { CaseErrors as E } from './case.errors';
import {
  ACKNOWLEDGED_AT,
  acknowledgedCase,
  CALENDAR_2026,
  coHandledCase,
  complaintAccepted,
  complaintFiled,
  deadlinePassed,
  dispatchDisputed,
  dispatchedCase,
  extensionDenied,
  extensionGranted,
  extensionRequested,
  handledCase,
  handlingReported,
  interimReport,
  MARKET,
  INHERITED_NAMES,
  NOT_OPEN,
  UNITS_NOT_ON_CASE,
  NOT_OPEN_TO_UNIT,
  closedCase,
  STRANGER,
  REPORTED_AT,
  rules,
  unitAcknowledged,
  unitNotified,
  UNITS_NO_LONGER_ON_CASE,
  WINDOW,
} from './case.fixtures';

const spec = DeciderSpecification.for(caseDecider);
const given = givenFor(caseDecider);

describe('AcknowledgeCase (签收)', () => {
  const acknowledge = (unitId = MARKET) => ({ type: 'AcknowledgeCase', at: ACKNOWLEDGED_AT, unitId }) as const;

  it('records that the notified unit signed for the case', () => {
    spec
      .given(dispatchedCase)
      .when(acknowledge())
      .then([{ type: 'UnitAcknowledged', data: { unitId: MARKET, acknowledgedAt: ACKNOWLEDGED_AT } }]);
  });

  it('still records a late sign-for after the sign-for deadline was marked passed', () => {
    spec
      .given([...dispatchedCase, deadlinePassed('sign_for', '2026-09-28')])
      .when(acknowledge())
      .then([unitAcknowledged(MARKET)]);
  });

  it('refuses to sign for the same case twice', () => {
    spec.given(acknowledgedCase).when(acknowledge()).thenError(E.UNIT_ALREADY_ACKNOWLEDGED, { unitId: MARKET });
  });

  it.each(UNITS_NO_LONGER_ON_CASE)('refuses a sign-for by %s', (_label, history, unitId) => {
    spec.given(history).when(acknowledge(unitId)).thenError(E.UNIT_NOT_NOTIFIED, { unitId });
  });

  it.each(NOT_OPEN_TO_UNIT)('refuses a sign-for on %s', (_label, history, code) => {
    spec.given(history).when(acknowledge()).thenError(code);
  });

  it.each([...INHERITED_NAMES, STRANGER])('finds no case for a sign-for by %s, a unit never notified of it, open or closed', (unitId) => {
    for (const history of [handledCase, closedCase]) spec.given(history).when(acknowledge(unitId)).thenError(E.CASE_NOT_FOUND);
  });
});

describe('DisputeDispatch (退单)', () => {
  const dispute = (unitId = MARKET) =>
    ({ type: 'DisputeDispatch', at: ACKNOWLEDGED_AT, unitId, reason: '食品经营许可已划转行政审批局，不属本单位职责' }) as const;

  it('records the unit’s dispute that the case is not its duty, with the reason', () => {
    spec
      .given(dispatchedCase)
      .when(dispute())
      .then([{ type: 'DispatchDisputed', data: { unitId: MARKET, reason: '食品经营许可已划转行政审批局，不属本单位职责' } }]);
  });

  it('refuses a dispute by a unit that has already reported handling', () => {
    spec.given(handledCase).when(dispute()).thenError(E.UNIT_ALREADY_REPORTED, { unitId: MARKET });
  });

  it.each(UNITS_NO_LONGER_ON_CASE)('refuses a dispute by %s', (_label, history, unitId) => {
    spec.given(history).when(dispute(unitId)).thenError(E.UNIT_NOT_NOTIFIED, { unitId });
  });

  it.each(NOT_OPEN_TO_UNIT)('refuses a dispute on %s', (_label, history, code) => {
    spec.given(history).when(dispute()).thenError(code);
  });

  it.each([...INHERITED_NAMES, STRANGER])('finds no case for a dispute by %s, a unit never notified of it, open or closed', (unitId) => {
    for (const history of [handledCase, closedCase]) spec.given(history).when(dispute(unitId)).thenError(E.CASE_NOT_FOUND);
  });
});

describe('RequestExtension (申请延期)', () => {
  const request = (over: { unitId?: string; workingDays?: number; at?: string } = {}) =>
    ({
      type: 'RequestExtension',
      at: '2026-10-13T10:00:00+08:00',
      unitId: MARKET,
      reason: '需赴企业现场核查并调取窗口录像',
      workingDays: 5,
      ...over,
    }) as const;

  it('records a signed-for unit’s request for more working days', () => {
    spec
      .given(acknowledgedCase)
      .when(request())
      .then([{ type: 'ExtensionRequested', data: { unitId: MARKET, reason: '需赴企业现场核查并调取窗口录像', workingDays: 5 } }]);
  });

  it('accepts a request in the last second of the handling due day in Beijing', () => {
    spec
      .given(acknowledgedCase)
      .when(request({ at: '2026-10-15T15:59:59Z' }))
      .then([extensionRequested(MARKET, 5)]);
  });

  it('refuses an extension once the handling deadline has passed (from midnight Beijing time ending the due day)', () => {
    spec
      .given(acknowledgedCase)
      .when(request({ at: '2026-10-15T16:00:00Z' }))
      .thenError(E.EXTENSION_AFTER_DEADLINE, { handlingDue: '2026-10-15' });
  });

  it('measures the deadline from the extended due date after an extension was granted', () => {
    spec
      .given([...acknowledgedCase, extensionRequested(), extensionGranted()])
      .when(request({ at: '2026-10-20T10:00:00+08:00', workingDays: 3 }))
      .then([extensionRequested(MARKET, 3)]);
  });

  it('accepts a request again after an earlier one was denied', () => {
    spec
      .given([...acknowledgedCase, extensionRequested(), extensionDenied()])
      .when(request())
      .then([extensionRequested(MARKET, 5)]);
  });

  it('refuses a request from a unit that has not signed for the case', () => {
    spec.given(dispatchedCase).when(request()).thenError(E.UNIT_NOT_ACKNOWLEDGED, { unitId: MARKET });
  });

  it('refuses a request once handling is reported', () => {
    spec.given(handledCase).when(request()).thenError(E.UNIT_ALREADY_REPORTED, { unitId: MARKET });
  });

  // A unit still establishing the facts after an interim report (阶段性答复) may need more time most.
  it('accepts a request after only an interim report (facts not yet established, no result)', () => {
    spec
      .given([...acknowledgedCase, interimReport(MARKET)])
      .when(request())
      .then([extensionRequested(MARKET, 5)]);
  });

  it('refuses a second request while the first waits for a decision', () => {
    spec
      .given([...acknowledgedCase, extensionRequested()])
      .when(request())
      .thenError(E.EXTENSION_ALREADY_PENDING, { unitId: MARKET });
  });

  it.each([0, -2, 2.5, 61])('refuses an extension of %p working days (an integer from 1 to 60)', (workingDays) => {
    spec.given(acknowledgedCase).when(request({ workingDays })).thenError(E.INVALID_WORKING_DAYS, { field: 'workingDays' });
  });

  it.each(UNITS_NO_LONGER_ON_CASE)('refuses a request by %s', (_label, history, unitId) => {
    spec.given(history).when(request({ unitId })).thenError(E.UNIT_NOT_NOTIFIED, { unitId });
  });

  it.each(NOT_OPEN_TO_UNIT)('refuses a request on %s', (_label, history, code) => {
    spec.given(history).when(request()).thenError(code);
  });

  it.each([...INHERITED_NAMES, STRANGER])('finds no case for a request by %s, a unit never notified of it, open or closed', (unitId) => {
    for (const history of [handledCase, closedCase]) spec.given(history).when(request({ unitId })).thenError(E.CASE_NOT_FOUND);
  });
});

describe('DecideExtension (延期审批)', () => {
  const decide = (approve: boolean, unitId = MARKET) =>
    ({
      type: 'DecideExtension',
      at: '2026-10-14T10:00:00+08:00',
      unitId,
      approve,
      reason: approve ? '同意' : '事实清楚，无需延期',
      rules,
    }) as const;
  const pending = [...acknowledgedCase, extensionRequested(MARKET, 5)];

  it('grants the working days asked for, counted on from the current due date (15 Oct + 5 = 22 Oct), with the approver’s words', () => {
    spec
      .given(pending)
      .when(decide(true))
      .then([
        {
          type: 'ExtensionGranted',
          data: {
            unitId: MARKET,
            workingDays: 5,
            previousDue: '2026-10-15',
            newDue: '2026-10-22',
            calendarVersion: CALENDAR_2026,
            reason: '同意',
          },
        },
      ]);
  });

  it('counts an extension across National Day, with the 调休 Saturday as a working day (30 Sep + 3 = Sat 10 Oct)', () => {
    spec
      .given([
        complaintFiled({ category: 'enquiry' }),
        complaintAccepted(),
        unitNotified(MARKET, { handlingDue: '2026-09-30' }),
        unitAcknowledged(MARKET),
        extensionRequested(MARKET, 3),
      ])
      .when(decide(true))
      .then([extensionGranted({ workingDays: 3, previousDue: '2026-09-30', newDue: '2026-10-10', reason: '同意' })]);
  });

  it('denies the extension with the reason', () => {
    spec
      .given(pending)
      .when(decide(false))
      .then([{ type: 'ExtensionDenied', data: { unitId: MARKET, reason: '事实清楚，无需延期' } }]);
  });

  it('refuses a decision when the unit named has not asked for an extension, naming the unit field', () => {
    spec.given(acknowledgedCase).when(decide(true)).thenError(E.NO_EXTENSION_PENDING, { field: 'unitId', unitId: MARKET });
  });

  it('refuses to decide the same request twice', () => {
    spec
      .given([...pending, extensionGranted()])
      .when(decide(true))
      .thenError(E.NO_EXTENSION_PENDING, { field: 'unitId', unitId: MARKET });
  });

  it('refuses an extended due date in 2027 while no 2027 calendar is loaded', () => {
    spec
      .given([
        complaintFiled({ receivedAt: '2026-12-10T09:00:00+08:00' }),
        complaintAccepted(),
        unitNotified(MARKET, { signForDue: '2026-12-11', handlingDue: '2026-12-24' }),
        unitAcknowledged(MARKET),
        extensionRequested(MARKET, 10),
      ])
      .when(decide(true))
      .thenError(CALENDAR_YEAR_MISSING, { year: 2027 });
  });

  it('refuses a decision for a unit that disputed the case while its request was pending, naming the unit field', () => {
    spec
      .given([...pending, dispatchDisputed(MARKET)])
      .when(decide(true))
      .thenError(E.UNIT_NOT_NOTIFIED, { field: 'unitId', unitId: MARKET });
  });

  it.each(UNITS_NOT_ON_CASE)('refuses a decision for %s, naming the unit field', (_label, history, unitId) => {
    spec.given(history).when(decide(true, unitId)).thenError(E.UNIT_NOT_NOTIFIED, { field: 'unitId', unitId });
  });

  it.each(NOT_OPEN)('refuses a decision on %s', (_label, history, code) => {
    spec.given(history).when(decide(true)).thenError(code);
  });
});

describe('ReportHandling (办理结果)', () => {
  const report = (unitId = MARKET, over: { factsEstablished?: boolean; result?: string | null } = {}) =>
    ({
      type: 'ReportHandling',
      at: REPORTED_AT,
      unitId,
      factsFound: '经调取窗口记录，工作人员未履行一次性告知义务，属实',
      factsEstablished: true,
      result: '已当场为企业办结许可延续，并向企业当面致歉',
      ...over,
    }) as const;

  it('records the lead unit’s facts found and result', () => {
    spec
      .given(acknowledgedCase)
      .when(report())
      .then([
        {
          type: 'HandlingReported',
          data: {
            unitId: MARKET,
            factsFound: '经调取窗口记录，工作人员未履行一次性告知义务，属实',
            factsEstablished: true,
            result: '已当场为企业办结许可延续，并向企业当面致歉',
            reportedAt: REPORTED_AT,
          },
        },
      ]);
  });

  it('records an interim report with the facts not yet established and no result', () => {
    spec
      .given(acknowledgedCase)
      .when(report(MARKET, { factsEstablished: false, result: null }))
      .then([handlingReported(MARKET, { factsEstablished: false, result: null })]);
  });

  it('lets the lead unit complete an interim report', () => {
    spec
      .given([...acknowledgedCase, interimReport(MARKET)])
      .when(report())
      .then([handlingReported(MARKET)]);
  });

  it('records a co-handling unit’s report of its part', () => {
    spec
      .given(coHandledCase)
      .when(report(WINDOW, { result: '窗口已调整材料告知流程' }))
      .then([handlingReported(WINDOW, { result: '窗口已调整材料告知流程' })]);
  });

  it('refuses a second report once the lead unit’s report is complete', () => {
    spec.given(handledCase).when(report()).thenError(E.UNIT_ALREADY_REPORTED, { unitId: MARKET });
  });

  it('refuses a second report from a co-handling unit', () => {
    spec
      .given([...coHandledCase, handlingReported(WINDOW)])
      .when(report(WINDOW))
      .thenError(E.UNIT_ALREADY_REPORTED, { unitId: WINDOW });
  });

  it('refuses a report from a unit that has not signed for the case', () => {
    spec.given(dispatchedCase).when(report()).thenError(E.UNIT_NOT_ACKNOWLEDGED, { unitId: MARKET });
  });

  it.each(UNITS_NO_LONGER_ON_CASE)('refuses a report by %s', (_label, history, unitId) => {
    spec.given(history).when(report(unitId)).thenError(E.UNIT_NOT_NOTIFIED, { unitId });
  });

  it.each(NOT_OPEN_TO_UNIT)('refuses a report on %s', (_label, history, code) => {
    spec.given(history).when(report()).thenError(code);
  });

  it.each([...INHERITED_NAMES, STRANGER])('finds no case for a report by %s, a unit never notified of it, open or closed', (unitId) => {
    for (const history of [handledCase, closedCase]) spec.given(history).when(report(unitId)).thenError(E.CASE_NOT_FOUND);
  });
});

describe('a unit acting on its own behalf', () => {
  // The unit of these commands is the caller's (its token), never a field of the body: a refusal of
  // the unit names no field, where intake naming a unit in its body is told which field (DecideExtension).
  const ownCommands = (unitId: string): CaseCommand[] => [
    { type: 'AcknowledgeCase', at: ACKNOWLEDGED_AT, unitId },
    { type: 'DisputeDispatch', at: ACKNOWLEDGED_AT, unitId, reason: '不属本单位职责' },
    { type: 'RequestExtension', at: ACKNOWLEDGED_AT, unitId, reason: '需现场核查', workingDays: 5 },
    { type: 'ReportHandling', at: REPORTED_AT, unitId, factsFound: '情况属实', factsEstablished: true, result: '已整改' },
    { type: 'PlanRectification', at: REPORTED_AT, unitId, measures: [], noRectificationReason: '无需整改' },
    { type: 'ReportRectification', at: REPORTED_AT, unitId, measureId: 'M1', report: '已完成' },
  ];

  it.each(UNITS_NO_LONGER_ON_CASE)('is refused as %s without naming a field of the body', (_label, history, unitId) => {
    for (const command of ownCommands(unitId)) {
      expect([command.type, refusal(given(history).when(command))]).toEqual([
        command.type,
        { code: E.UNIT_NOT_NOTIFIED, details: { unitId } },
      ]);
    }
  });
});
