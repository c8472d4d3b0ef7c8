/**
 * Realistic case histories for the Case decider's specification tests (*.spec.ts in this folder),
 * and the one set of case-event builders every test uses: projection specs, the deadline specs and
 * the bulk tests take them through test/support/case-events.ts. Each builder writes the event
 * exactly as the decider does; a test overrides what its assertions depend on. Test data only:
 * production code never imports this file.
 *
 * The standard story: on Thursday 24 September 2026, the eve of the Mid-Autumn holiday (中秋,
 * 25–27 Sep), a restaurant owner complains on the 12345 hotline that the market-regulation window
 * made them resubmit papers three times for a food-business licence. On the official 2026 calendar
 * (National Day 1–7 Oct, make-up working days Sun 20 Sep and Sat 10 Oct) a unit notified that day
 * must sign for it by Monday 28 Sep and handle it by Thursday 15 Oct (10 working days).
 */
import { chineseDaysYears } from '../calendar/chinese-days-years';
import { DeadlineRules } from '../calendar/deadline-rules';
import type { LocalDate } from '../calendar/local-date';
import { DEFAULT_TIME_LIMIT_POLICY } from '../calendar/time-limit-policy';
import { WorkingCalendar } from '../calendar/working-calendar';
import type { FileComplaint } from './case.commands';
import { CaseErrors } from './case.errors';
import type * as Ev from './case.events';
import type { CaseEvent } from './case.events';
import type { DeadlineKind, Measure, Satisfaction, SupervisionLevel } from './case.model';

// ── the rules in force ─────────────────────────────────────────────────────────────────────────
export const calendar = new WorkingCalendar(chineseDaysYears());
export const rules = new DeadlineRules(calendar, DEFAULT_TIME_LIMIT_POLICY);
/** e.g. `2026:chinese-days@1.5.7`: the built-in 2026 data, as due-date events record it. */
export const CALENDAR_2026 = `2026:${chineseDaysYears().find((y) => y.year === 2026)!.source}`;
export const DEFAULT_LIMITS = 'time-limits@default';

// ── who and when ───────────────────────────────────────────────────────────────────────────────
export const CASE_ID = 'YS-2026-0924-0017';
export const MARKET = 'dept-market'; // 市场监督管理局
export const HOUSING = 'dept-housing'; // 住房和城乡建设局
export const WINDOW = 'window-gov-service'; // 政务服务中心综合窗口 (co-handling)
export const STRANGER = 'dept-transport'; // 交通运输局: never notified of this case
export const LEADERS: Readonly<Record<string, string>> = {
  [MARKET]: '刘建华（市场监管局副局长）',
  [HOUSING]: '陈志远（住建局副局长）',
  [WINDOW]: '赵敏（政务服务中心副主任）',
};
export const COMPLAINANT_REF = 'complainant-3f9c2a';

export const RECEIVED_AT = '2026-09-24T09:00:00+08:00'; // Thursday
export const FILED_AT = '2026-09-24T09:20:00+08:00';
export const NOTIFIED_AT = '2026-09-24T10:00:00+08:00';
export const SIGN_FOR_DUE: LocalDate = '2026-09-28'; // Monday after 中秋
export const HANDLING_DUE: LocalDate = '2026-10-15'; // Thursday after 国庆
export const ACKNOWLEDGED_AT = '2026-09-28T09:30:00+08:00';
export const REPORTED_AT = '2026-10-12T16:00:00+08:00';
export const PLANNED_AT = '2026-10-13T10:00:00+08:00';
/** A measure reported done: in time for M1 (due Friday 30 Oct) and M2 (due Friday 20 Nov). */
export const RECTIFIED_AT = '2026-10-28T15:00:00+08:00';

// ── events ─────────────────────────────────────────────────────────────────────────────────────
type Data<E extends CaseEvent> = Partial<E['data']>;

export const complaintFiled = (data: Data<Ev.ComplaintFiled> = {}): Ev.ComplaintFiled => ({
  type: 'ComplaintFiled',
  data: {
    caseId: CASE_ID,
    channel: 'hotline',
    category: 'cumbersome_approval',
    urgency: 'normal',
    title: '食品经营许可证延续办理被要求反复补交材料',
    description: '某餐饮店反映：办理食品经营许可证延续时，窗口三次要求补交不同材料且未一次性告知，一个多月仍未办结。',
    complainedUnitId: MARKET,
    receivedAt: RECEIVED_AT,
    complainant: { ref: COMPLAINANT_REF, anonymous: false },
    ...data,
  },
});
export const complaintAccepted = (note: string | null = '属于受理范围，予以受理'): Ev.ComplaintAccepted => ({
  type: 'ComplaintAccepted',
  data: { note },
});
export const complaintRejected = (reason = '已进入行政复议程序，不属于本中心受理范围'): Ev.ComplaintRejected => ({
  type: 'ComplaintRejected',
  data: { reason },
});
export const unitNotified = (unitId = MARKET, data: Data<Ev.UnitNotified> = {}): Ev.UnitNotified => ({
  type: 'UnitNotified',
  data: {
    unitId,
    role: 'lead',
    responsibleLeader: LEADERS[unitId] ?? '未指定',
    signForDue: SIGN_FOR_DUE,
    handlingDue: HANDLING_DUE,
    calendarVersion: CALENDAR_2026,
    timeLimitsVersion: DEFAULT_LIMITS,
    ...data,
  },
});
/** Signed for on the morning of the sign-for due date, in time. */
export const unitAcknowledged = (unitId = MARKET, acknowledgedAt = ACKNOWLEDGED_AT): Ev.UnitAcknowledged => ({
  type: 'UnitAcknowledged',
  data: { unitId, acknowledgedAt },
});
export const dispatchDisputed = (unitId = MARKET, reason = '食品经营许可已划转行政审批局，不属本单位职责'): Ev.DispatchDisputed => ({
  type: 'DispatchDisputed',
  data: { unitId, reason },
});
/** 改派 on Tuesday 29 Sep: sign for by 30 Sep, handle by 19 Oct (10 working days from the transfer). */
export const caseTransferred = (data: Data<Ev.CaseTransferred> = {}): Ev.CaseTransferred => ({
  type: 'CaseTransferred',
  data: {
    fromUnitId: MARKET,
    toUnitId: HOUSING,
    role: 'lead',
    reason: '经核实属住建部门职责',
    responsibleLeader: LEADERS[HOUSING],
    signForDue: '2026-09-30',
    handlingDue: '2026-10-19',
    calendarVersion: CALENDAR_2026,
    timeLimitsVersion: DEFAULT_LIMITS,
    ...data,
  },
});
export const extensionRequested = (unitId = MARKET, workingDays = 5): Ev.ExtensionRequested => ({
  type: 'ExtensionRequested',
  data: { unitId, reason: '需赴企业现场核查并调取窗口录像', workingDays },
});
/** 5 working days on 15 Oct: 22 Oct. */
export const extensionGranted = (data: Data<Ev.ExtensionGranted> = {}): Ev.ExtensionGranted => ({
  type: 'ExtensionGranted',
  data: { unitId: MARKET, workingDays: 5, previousDue: HANDLING_DUE, newDue: '2026-10-22', calendarVersion: CALENDAR_2026, ...data },
});
export const extensionDenied = (unitId = MARKET): Ev.ExtensionDenied => ({
  type: 'ExtensionDenied',
  data: { unitId, reason: '事实清楚，无需延期' },
});
/** 催办 by default; 督办 and 挂牌督办 are the higher levels. */
export const supervisionIssued = (unitId = MARKET, level: SupervisionLevel = 'urge'): Ev.SupervisionIssued => ({
  type: 'SupervisionIssued',
  data: { level, unitId, note: '请加快办理，按时报送办理结果' },
});
export const deadlinePassed = (deadline: DeadlineKind, dueDate: LocalDate, unitId = MARKET): Ev.DeadlinePassed => ({
  type: 'DeadlinePassed',
  data: { deadline, unitId, dueDate },
});
/** A complete report: facts established (问题查清) and a result (答复). */
export const handlingReported = (unitId = MARKET, data: Data<Ev.HandlingReported> = {}): Ev.HandlingReported => ({
  type: 'HandlingReported',
  data: {
    unitId,
    factsFound: '经调取窗口记录，工作人员未履行一次性告知义务，属实',
    factsEstablished: true,
    result: '已当场为企业办结许可延续，并向企业当面致歉',
    reportedAt: REPORTED_AT,
    ...data,
  },
});
/** An interim report (阶段性答复): facts still being checked, no result yet. */
export const interimReport = (unitId = MARKET, data: Data<Ev.HandlingReported> = {}): Ev.HandlingReported =>
  handlingReported(unitId, { factsFound: '正在调取窗口录像核实', factsEstablished: false, result: null, ...data });

export const MEASURES: Measure[] = [
  {
    measureId: 'M1',
    description: '梳理食品经营许可材料清单并在窗口和网上公示',
    responsibleUnitId: MARKET,
    responsibleLeader: LEADERS[MARKET],
    dueDate: '2026-10-30',
  },
  {
    measureId: 'M2',
    description: '对窗口人员开展一次性告知制度专项培训',
    responsibleUnitId: MARKET,
    responsibleLeader: LEADERS[MARKET],
    dueDate: '2026-11-20',
  },
];
export const rectificationPlanned = (measures: Measure[] = MEASURES, unitId = MARKET): Ev.RectificationPlanned => ({
  type: 'RectificationPlanned',
  data: { unitId, measures, noRectificationReason: null },
});
export const noRectificationNeeded = (reason = '系企业误解政策，窗口已按规定一次性告知', unitId = MARKET): Ev.RectificationPlanned => ({
  type: 'RectificationPlanned',
  data: { unitId, measures: [], noRectificationReason: reason },
});
export const rectificationReported = (measureId: string, unitId = MARKET, reportedAt = RECTIFIED_AT): Ev.RectificationReported => ({
  type: 'RectificationReported',
  data: { measureId, unitId, report: '已完成，附公示截图和培训签到表', reportedAt },
});
/** A report as recorded before RectificationReported carried `reportedAt`: it counts as in time. */
export const rectificationReportedWithoutInstant = (measureId: string, unitId = MARKET): Ev.RectificationReported => {
  const { reportedAt: _, ...recorded } = rectificationReported(measureId, unitId).data;
  return { type: 'RectificationReported', data: recorded };
};
export const rectificationVerified = (measureId: string): Ev.RectificationVerified => ({
  type: 'RectificationVerified',
  data: { measureId, note: '回头看：现场核实已落实' },
});
export const rectificationRejected = (measureId: string): Ev.RectificationRejected => ({
  type: 'RectificationRejected',
  data: { measureId, reason: '公示清单仍缺少两项材料，整改不到位' },
});
export const returnVisitRecorded = (satisfaction: Satisfaction): Ev.ReturnVisitRecorded => ({
  type: 'ReturnVisitRecorded',
  data: { satisfaction, note: satisfaction === 'unsatisfied' ? '企业表示问题仍未解决' : '企业对处理结果表示认可' },
});
/** 重办 on Tuesday 20 Oct: handled again by 3 Nov. */
export const caseReopened = (data: Data<Ev.CaseReopened> = {}): Ev.CaseReopened => ({
  type: 'CaseReopened',
  data: {
    reason: '回访不满意，重新办理',
    round: 2,
    leadUnitId: MARKET,
    handlingDue: '2026-11-03',
    calendarVersion: CALENDAR_2026,
    timeLimitsVersion: DEFAULT_LIMITS,
    ...data,
  },
});
export const accountabilityIssued = (data: Data<Ev.AccountabilityIssued> = {}): Ev.AccountabilityIssued => ({
  type: 'AccountabilityIssued',
  data: {
    accountabilityId: 'WZ-2026-031',
    target: { kind: 'organisation', unitId: MARKET },
    forms: ['written_self_examination', 'circulated_notice'],
    basis: { facts: '窗口未履行一次性告知义务，致企业三次往返补交材料', rule: '政务服务一次性告知制度' },
    ...data,
  },
});
export const caseClosed = (accountabilityNotRequiredReason: string | null = null): Ev.CaseClosed => ({
  type: 'CaseClosed',
  data: { accountabilityNotRequiredReason },
});

// ── histories, each a step further along the standard story ───────────────────────────────────
export const filedCase: readonly CaseEvent[] = [complaintFiled()];
export const acceptedCase: readonly CaseEvent[] = [...filedCase, complaintAccepted()];
export const rejectedCase: readonly CaseEvent[] = [...filedCase, complaintRejected()];
export const dispatchedCase: readonly CaseEvent[] = [...acceptedCase, unitNotified(MARKET)];
export const acknowledgedCase: readonly CaseEvent[] = [...dispatchedCase, unitAcknowledged(MARKET)];
/** The lead has signed for it and the 政务服务中心 window co-handles it (notified the same day). */
export const coHandledCase: readonly CaseEvent[] = [...acknowledgedCase, unitNotified(WINDOW, { role: 'co' }), unitAcknowledged(WINDOW)];
/** MARKET disputed (退单) and intake re-routed the case to HOUSING (改派). */
export const transferredCase: readonly CaseEvent[] = [...dispatchedCase, dispatchDisputed(MARKET), caseTransferred()];
export const handledCase: readonly CaseEvent[] = [...acknowledgedCase, handlingReported(MARKET)];
export const plannedCase: readonly CaseEvent[] = [...handledCase, rectificationPlanned()];
export const rectifiedCase: readonly CaseEvent[] = [
  ...plannedCase,
  rectificationReported('M1'),
  rectificationReported('M2'),
  rectificationVerified('M1'),
  rectificationVerified('M2'),
];
export const accountableCase: readonly CaseEvent[] = [...rectifiedCase, accountabilityIssued()];
export const readyToClose: readonly CaseEvent[] = [...accountableCase, returnVisitRecorded('satisfied')];
export const closedCase: readonly CaseEvent[] = [...readyToClose, caseClosed()];

/** Units a case does not (or no longer) let act: [label, history, unitId]. */
export const UNITS_NOT_ON_CASE: ReadonlyArray<[string, readonly CaseEvent[], string]> = [
  ['a unit never notified of the case', acknowledgedCase, STRANGER],
  ['a unit that disputed the dispatch', [...acknowledgedCase, dispatchDisputed(MARKET)], MARKET],
  ['a unit the case was transferred away from', transferredCase, MARKET],
];

/** Units that were notified of the case and no longer act on it: [label, history, unit]. */
export const UNITS_NO_LONGER_ON_CASE: ReadonlyArray<[string, readonly CaseEvent[], string]> = UNITS_NOT_ON_CASE.filter(
  ([, , unitId]) => unitId !== STRANGER,
);

/**
 * Unit ids that name what every object inherits: they must find no part in any case.
 * `constructor` is even a valid registered unit id.
 */
export const INHERITED_NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf'] as const;

/** Cases nothing can be done on: [label, history, error code]. */
export const NOT_OPEN: ReadonlyArray<[string, readonly CaseEvent[], string]> = [
  ['a case that does not exist', [], CaseErrors.CASE_NOT_FOUND],
  ['a rejected complaint', rejectedCase, CaseErrors.CASE_REJECTED],
  ['a closed case', closedCase, CaseErrors.CASE_CLOSED],
];

/**
 * The same cases as a notified unit (MARKET) sends its own command on them: a complaint rejected
 * before dispatch was never notified to any unit, so to a unit it does not exist.
 */
export const NOT_OPEN_TO_UNIT: ReadonlyArray<[string, readonly CaseEvent[], string]> = [
  ['a case that does not exist', [], CaseErrors.CASE_NOT_FOUND],
  ['a rejected complaint (never dispatched)', rejectedCase, CaseErrors.CASE_NOT_FOUND],
  ['a closed case', closedCase, CaseErrors.CASE_CLOSED],
];

/** Open cases not yet routed to any unit: [label, history, error code]. */
export const NOT_DISPATCHED: ReadonlyArray<[string, readonly CaseEvent[], string]> = [
  ['a complaint not yet accepted', filedCase, CaseErrors.CASE_NOT_DISPATCHED],
  ['an accepted complaint not yet dispatched', acceptedCase, CaseErrors.CASE_NOT_DISPATCHED],
];

// ── commands ───────────────────────────────────────────────────────────────────────────────────
export const fileComplaint = (over: Partial<FileComplaint> = {}): FileComplaint => {
  const { data } = complaintFiled();
  return { type: 'FileComplaint', at: FILED_AT, ...data, rules, ...over };
};
