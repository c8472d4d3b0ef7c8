/**
 * What the case screens write in Chinese: statuses, channels, urgencies, actions, and each event of
 * a case's history as a sentence. Pure functions, no Vue (labels.spec.ts runs them in node).
 */
import type { Schemas } from '../../api/client';
import { nameOf, SUPERVISION_LEVEL_NAMES, URGENCY_NAMES } from '../../labels';
import { MEASURE_STATUS_NAMES } from '../ledger/labels';

export type CaseView = Schemas['CaseView'];
export type CaseAction = CaseView['allowedActions'][number];
export type MeasureAction = CaseView['measures'][number]['allowedActions'][number];
export type CaseStatus = CaseView['status'];
export type HistoryEvent = Schemas['CaseHistory']['events'][number];

/**
 * A case's status now. `accepted` is 「已受理待交办」: accepted and not yet dispatched. The leaders'
 * 已受理 figure counts every case ever accepted, dispatched or not, so the same two words would name
 * two different sets.
 */
export const STATUSES: Record<CaseStatus, string> = {
  filed: '已登记',
  accepted: '已受理待交办',
  rejected: '不予受理',
  in_progress: '办理中',
  closed: '已办结',
};

export const CHANNELS: Record<string, string> = {
  hotline: '热线电话',
  web: '网上投诉',
  letter: '来信',
  visit: '来访',
  email: '电子邮件',
  media: '媒体曝光',
  leader_referral: '领导批办',
};

export const UNIT_ROLES: Record<string, string> = { lead: '主办', co: '协办' };

export const UNIT_STATUSES: Record<string, string> = { active: '办理中', disputed: '已退回', transferred: '已改派' };

/**
 * A unit's part in a case as the case stands. The API's `active` means the unit still answers for the
 * case (not returned, not transferred away), and stays so once the case is closed: then its work is done.
 */
export function unitStatusName(status: string, caseStatus: CaseStatus): string {
  if (status === 'active' && caseStatus === 'closed') return '已办结';
  return UNIT_STATUSES[status] ?? status;
}

export const SATISFACTIONS: Record<string, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};

/** A case's measure's status in the words 整改台账 and 单位待办 use for it: one status, one name. */
export const MEASURE_STATUSES: Record<string, string> = MEASURE_STATUS_NAMES;

export const ROLES: Record<string, string> = {
  intake: '受理人员',
  unit: '承办单位',
  discipline: '纪检监察',
  dashboard: '领导',
  admin: '系统管理员',
  system: '系统',
};

/** The buttons of the case page, in the order they are shown. */
export const ACTIONS: Record<CaseAction, string> = {
  accept: '受理',
  reject: '不予受理',
  'notify-unit': '交办',
  transfer: '改派',
  acknowledge: '签收',
  'dispute-dispatch': '退回（异议）',
  'request-extension': '申请延期',
  'decide-extension': '审批延期',
  'report-handling': '报告办理情况',
  'plan-rectification': '制定整改方案',
  'report-rectification': '报告整改',
  'verify-rectification': '验收整改',
  'record-return-visit': '回访',
  supervise: '督办',
  close: '办结',
  reopen: '重办',
  'review-reopen': '回头看重办',
  'issue-accountability': '问责',
};

const DEADLINES: Record<string, string> = { sign_for: '签收', handling: '办理' };

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

/** A LocalDate (2026-03-02) as 2026年3月2日; anything else as it is. */
function day(value: unknown): string {
  const s = text(value);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : s;
}

/** With a reason or note after a colon, when there is one. */
function withNote(sentence: string, note: unknown): string {
  const s = text(note);
  return s ? `${sentence}：${s}` : sentence;
}

/**
 * One event of the history as a Chinese sentence; `unitName` turns a unit id into its name (or
 * leaves the id). An event type the console does not know is shown by its type name. A handling
 * report's texts are not in it: `eventDetails`.
 */
export function describeEvent(event: Pick<HistoryEvent, 'type' | 'data'>, unitName: (id: string) => string = (id) => id): string {
  const d = event.data as Record<string, unknown>;
  const unit = (key = 'unitId') => unitName(text(d[key]));
  switch (event.type) {
    case 'ComplaintFiled':
      return `登记投诉「${text(d.title)}」（${CHANNELS[text(d.channel)] ?? text(d.channel)}，${nameOf(URGENCY_NAMES, text(d.urgency))}），被投诉单位：${unit('complainedUnitId')}`;
    case 'ComplaintAccepted':
      return withNote('受理投诉', d.note);
    case 'ComplaintRejected':
      return withNote('不予受理', d.reason);
    case 'UnitNotified':
      return `交办${unit()}（${UNIT_ROLES[text(d.role)] ?? text(d.role)}，责任领导${text(d.responsibleLeader)}），签收期限${day(d.signForDue)}，办理期限${day(d.handlingDue)}`;
    case 'UnitAcknowledged':
      return `${unit()}签收`;
    case 'DispatchDisputed':
      return withNote(`${unit()}退回（异议）`, d.reason);
    case 'CaseTransferred':
      return withNote(`由${unit('fromUnitId')}改派${unit('toUnitId')}，办理期限${day(d.handlingDue)}`, d.reason);
    case 'ExtensionRequested':
      return withNote(`${unit()}申请延期${text(d.workingDays)}个工作日`, d.reason);
    case 'ExtensionGranted':
      return `同意${unit()}延期${text(d.workingDays)}个工作日，办理期限由${day(d.previousDue)}延至${day(d.newDue)}`;
    case 'ExtensionDenied':
      return withNote(`不同意${unit()}延期`, d.reason);
    case 'SupervisionIssued':
      return withNote(`对${unit()}${nameOf(SUPERVISION_LEVEL_NAMES, text(d.level))}`, d.note);
    case 'DeadlinePassed':
      return `${unit()}${DEADLINES[text(d.deadline)] ?? text(d.deadline)}超期（期限${day(d.dueDate)}）`;
    case 'HandlingReported':
      // What was found and the result are the report itself: eventDetails gives them, each on its line.
      return d.factsEstablished ? `${unit()}报告办理情况（问题已查清）` : `${unit()}报告阶段性办理情况（问题尚在核查）`;
    case 'RectificationPlanned': {
      const measures = Array.isArray(d.measures) ? d.measures.length : 0;
      return measures > 0 ? `${unit()}制定整改方案，整改措施${measures}项` : withNote(`${unit()}报告无需整改`, d.noRectificationReason);
    }
    case 'RectificationReported':
      return withNote(`${unit()}报告整改措施${text(d.measureId)}完成`, d.report);
    case 'RectificationVerified':
      return withNote(`整改措施${text(d.measureId)}验收通过`, d.note);
    case 'RectificationRejected':
      return withNote(`整改措施${text(d.measureId)}验收不通过`, d.reason);
    case 'MeasureDeadlinePassed':
      return `整改措施${text(d.measureId)}超期`;
    case 'ReturnVisitRecorded':
      return withNote(`回访投诉人：${SATISFACTIONS[text(d.satisfaction)] ?? text(d.satisfaction)}`, d.note);
    case 'CaseReopened':
      return withNote(`${d.lookBack ? '回头看重办' : '重办'}（第${text(d.round)}轮），办理期限${day(d.handlingDue)}`, d.reason);
    case 'AccountabilityIssued':
      return '作出问责决定';
    case 'CaseClosed':
      return withNote('办结', d.accountabilityNotRequiredReason ? `不需问责：${text(d.accountabilityNotRequiredReason)}` : null);
    case 'ComplainantIdentityErased':
      return '投诉人身份信息已销毁';
    default:
      return event.type;
  }
}

/** A labelled text of a report, shown on a line of its own: 查明情况：…, 办理结果：…. */
export interface ReportPart {
  label: string;
  text: string;
}

/** What a unit reported (查明情况, and 办理结果 when it gave one), as the page shows it under the report. */
export function reportParts(report: { factsFound?: unknown; result?: unknown }): ReportPart[] {
  return [
    { label: '查明情况', text: text(report.factsFound) },
    { label: '办理结果', text: text(report.result) },
  ].filter((part) => part.text.trim() !== '');
}

/**
 * The texts of an event too long for its sentence, each under its label: a handling report's 查明情况
 * and 办理结果 (intake verifies and closes on them, so both are shown whole); none for other events.
 */
export function eventDetails(event: Pick<HistoryEvent, 'type' | 'data'>): ReportPart[] {
  return event.type === 'HandlingReported' ? reportParts(event.data as Record<string, unknown>) : [];
}

/** The order the action buttons are shown in (ACTIONS' order), of those the API allows. */
export function orderedActions(allowed: readonly CaseAction[]): CaseAction[] {
  return (Object.keys(ACTIONS) as CaseAction[]).filter((action) => allowed.includes(action));
}

/** The day after a Beijing date (2026-03-02 → 2026-03-03), for a period's exclusive end. */
export function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const next = new Date(Date.UTC(y!, m! - 1, d! + 1));
  return next.toISOString().slice(0, 10);
}

/** The list's received period (Beijing dates in the URL) as the API's instants: [from 00:00, day after to 00:00). */
export function receivedRange(from?: string, to?: string): { receivedFrom?: string; receivedTo?: string } {
  return {
    ...(from ? { receivedFrom: `${from}T00:00:00+08:00` } : {}),
    ...(to ? { receivedTo: `${nextDay(to)}T00:00:00+08:00` } : {}),
  };
}

/** Now in Beijing time as the date-time picker shows it: 2026-03-02 09:05:00. */
export function beijingNowInput(now: Date = new Date()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** A picker's Beijing date-time (2026-03-02 09:05:00) as the API's instant (2026-03-02T09:05:00+08:00); empty stays empty. */
export function beijingInstant(input: string): string {
  return input ? `${input.trim().replace(' ', 'T')}+08:00` : '';
}
