/** Names the ledger screens show for the API's codes, and which measure acts a role may try (pure: no Vue). */

import { mayOpen, type Role } from '../../menu';

export type MeasureStatus = 'planned' | 'in_progress' | 'overdue' | 'reported' | 'verified' | 'rejected' | 'rechecked' | 'reopened';

export const MEASURE_STATUS_NAMES: Record<MeasureStatus, string> = {
  planned: '待整改',
  in_progress: '整改中',
  overdue: '已超期',
  reported: '待验收',
  verified: '已验收',
  rejected: '验收未通过',
  rechecked: '回头看通过',
  reopened: '回头看重开',
};

/** el-tag types by status: red what is late or refused, green what is done. */
export const MEASURE_STATUS_TAGS: Record<MeasureStatus, 'danger' | 'warning' | 'success' | 'info' | 'primary'> = {
  planned: 'info',
  in_progress: 'primary',
  overdue: 'danger',
  reported: 'warning',
  verified: 'success',
  rejected: 'danger',
  rechecked: 'success',
  reopened: 'warning',
};

export const SIZE_CLASS_NAMES: Record<string, string> = {
  immediate: '立即解决',
  supervised: '督促解决',
  studied: '研究解决',
  escalated: '向上反映',
};

export const SOURCE_NAMES: Record<string, string> = {
  campaign: '评议活动',
  inspection: '明查暗访',
  leader_instruction: '领导批示',
  enterprise_visit: '走访企业',
  case: '投诉案件',
};

export const RAISER_NAMES: Record<string, string> = {
  enterprise: '企业',
  member: '代表委员',
  inspector: '暗访人员',
  citizen: '群众',
  office: '机关',
};

/** The figures of a ranking's row, in the order the table shows them; rates are shares (0…1). */
export const RANKING_FIGURES: ReadonlyArray<{ key: string; label: string; rate: boolean }> = [
  { key: 'onTimeCompletionRate', label: '按时办结率', rate: true },
  { key: 'completionRate', label: '办结率', rate: true },
  { key: 'satisfactionRate', label: '满意率', rate: true },
  { key: 'responseRate', label: '响应率', rate: true },
  { key: 'reopenRate', label: '重办率', rate: true },
  { key: 'received', label: '受理', rate: false },
  { key: 'closed', label: '办结', rate: false },
  { key: 'overdueNow', label: '当前超期', rate: false },
  { key: 'measuresDue', label: '到期整改', rate: false },
  { key: 'measuresDoneOnTime', label: '按期整改', rate: false },
  { key: 'rectificationOnTimeRate', label: '整改按期率', rate: true },
  { key: 'accountability', label: '问责', rate: false },
];

export type MeasureAction = 'progress' | 'completion' | 'verify' | 'reject' | 'recheck';

export const ACTION_NAMES: Record<MeasureAction, string> = {
  progress: '报告进展',
  completion: '报告完成',
  verify: '验收通过',
  reject: '验收退回',
  recheck: '回头看',
};

/** The text each measure act sends, by the field the API names (its field errors show there), with its label. */
export const MEASURE_TEXT_FIELDS: Readonly<Record<MeasureAction, { field: string; label: string; required: boolean }>> = {
  progress: { field: 'progress', label: '进展情况', required: true },
  completion: { field: 'report', label: '完成情况', required: true },
  verify: { field: 'note', label: '验收意见', required: false },
  reject: { field: 'reason', label: '退回理由', required: true },
  recheck: { field: 'note', label: '回头看意见', required: false },
};

/**
 * The fields a measure act's dialog has an input for, by the path the API names: its text; a 回头看's
 * verdict (`confirmed`); a reopening's new due date. A refusal about any other field is said in the
 * dialog's banner (problems/form-banner.ts).
 */
export function measureFormFields(action: MeasureAction, confirmed: boolean): string[] {
  const fields = [MEASURE_TEXT_FIELDS[action].field];
  if (action === 'recheck') fields.push('confirmed');
  if (action === 'recheck' && !confirmed) fields.push('newDue', 'newDue.date');
  return fields;
}

const OWED: readonly string[] = ['planned', 'in_progress', 'rejected', 'reopened'];

/**
 * The acts a caller may try on a measure in its status, as the API's routes allow them (the
 * finding's read names no allowed actions): a unit reports on work still owed on the measures it is
 * responsible for (a finding may hold other units' measures too, which it sees but may not report
 * on), intake and discipline accept or return a report (验收) and re-check what was verified (回头看).
 * The API still decides, and the banner says why when it refuses.
 */
export function measureActions(
  caller: { role: string; unitId: string | null },
  measure: { status: string; responsibleUnitId: string },
): MeasureAction[] {
  const { role } = caller;
  const { status } = measure;
  if (role === 'unit') {
    return OWED.includes(status) && caller.unitId === measure.responsibleUnitId ? ['progress', 'completion'] : [];
  }
  if (role === 'intake' || role === 'discipline') {
    if (status === 'reported') return ['verify', 'reject'];
    if (status === 'verified') return ['recheck'];
  }
  return [];
}

/** The five stages of a campaign (CAMPAIGN_PHASES). */
export const PHASE_NAMES: Record<string, string> = {
  mobilise: '动员',
  self_inspection: '自查自纠',
  consultation: '调研座谈',
  supervised_rectification: '督导整改',
  look_back: '回头看',
};

export const MEETING_NAMES: Record<string, string> = {
  mobilisation: '动员会',
  symposium: '座谈会',
  heart_to_heart: '谈心会',
  supervision: '督导会',
  appraisal: '评议会',
};

export const PARTICIPANT_NAMES: Record<string, string> = {
  cppcc_member: '政协委员',
  deputy: '人大代表',
  enterprise: '企业',
  citizen: '群众',
  inspector: '暗访人员',
};

/**
 * Where a finding page's heading leads back to, by the role's menu (menu.ts): 整改台账 where the menu
 * has it (intake, discipline); for a unit, whose menu has not (the router would send it home, to
 * 单位待办's first tab), 单位待办's 待整改措施, where it reaches its findings' measures; none for a role
 * with neither (it reads no finding: readable.ts).
 */
export function findingBackLink(role: Role | undefined): { title: string; to: string } | null {
  if (role && mayOpen(role, 'ledger')) return { title: '整改台账', to: '/ledger' };
  if (role && mayOpen(role, 'unit-tasks')) return { title: '单位待办', to: '/unit-tasks?tab=measures' };
  return null;
}
