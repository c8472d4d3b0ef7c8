import type { Schemas } from './api/client';

/**
 * The Chinese names several screens give the API's codes (docs/glossary.md), in one place so a unit
 * kind or a form of accountability reads the same everywhere. Pure: no Vue, no API. Names only one
 * screen uses stay in its folder.
 */

export type UnitKind = Schemas['Unit']['kind'];

/** 部门, 街镇 and 窗口 are appraised and ranked separately; screens list them in this order. */
export const UNIT_KINDS: readonly UnitKind[] = ['department', 'town', 'window'];
export const UNIT_KIND_NAMES: Record<UnitKind, string> = { department: '部门', window: '窗口', town: '街镇' };

/** A unit kind's name; an unknown code as itself. */
export function unitKindName(kind: string): string {
  return (UNIT_KIND_NAMES as Record<string, string>)[kind] ?? kind;
}

export type AccountabilityForm = Schemas['IssueAccountabilityRequestDto']['forms'][number];

/** The forms of accountability (问责方式), in the API's order; 检查 is the written self-examination. */
export const ACCOUNTABILITY_FORM_NAMES = {
  written_self_examination: '检查',
  circulated_notice: '通报',
  reorganisation: '改组',
  admonishment: '诫勉',
  suspension_for_inspection: '停职检查',
  position_adjustment: '调整职务',
  ordered_resignation: '责令辞职',
  demotion: '降职',
  dismissal: '免职',
  disciplinary_sanction: '纪律处分',
  removal_from_post: '调离岗位',
  performance_deduction: '扣除绩效分',
} as const satisfies Record<AccountabilityForm, string>;

/** A list of forms as a sentence: 通报、诫勉 (an unknown code as itself). */
export function accountabilityFormNames(forms: readonly string[]): string {
  return forms.map((form) => (ACCOUNTABILITY_FORM_NAMES as Record<string, string>)[form] ?? form).join('、');
}

/** The appraisal scheme's inputs (recorded scores) and the case indicators it weighs. */
export const SCHEME_INPUTS = ['survey', 'concentratedEvaluation', 'onlineVote'] as const;
export const CASE_INDICATORS = ['responseRate', 'onTimeCompletionRate', 'completionRate', 'satisfactionRate', 'reopenRate'] as const;
export type AppraisalComponent = (typeof SCHEME_INPUTS)[number] | (typeof CASE_INDICATORS)[number];
export const APPRAISAL_COMPONENT_NAMES: Record<AppraisalComponent, string> = {
  survey: '抽样问卷调查',
  concentratedEvaluation: '集中评议',
  onlineVote: '网上投票',
  responseRate: '响应率',
  onTimeCompletionRate: '按时办结率',
  completionRate: '办结率',
  satisfactionRate: '满意率',
  reopenRate: '重办率',
};

/** A component's name; an unknown code as itself. */
export function appraisalComponentName(code: string): string {
  return (APPRAISAL_COMPONENT_NAMES as Record<string, string>)[code] ?? code;
}

/**
 * The appraisal scheme a score was computed by, as a reader says it: `appraisal-scheme@default` is
 * 默认方案, `appraisal-scheme-2026@3` 2026年方案第3版; another form as itself (the API's text is
 * what support looks for).
 */
export function appraisalSchemeName(version: string): string {
  if (version === 'appraisal-scheme@default') return '默认方案';
  const published = /^appraisal-scheme-(\d{4})@(\d+)$/.exec(version);
  return published ? `${published[1]}年方案第${published[2]}版` : version;
}

export type Urgency = Schemas['FileComplaintRequestDto']['urgency'];
/** 紧急程度, in the order of the forms' choices. */
export const URGENCY_NAMES: Record<Urgency, string> = { normal: '一般', urgent: '紧急', emergency: '特急' };
export const URGENCIES = Object.keys(URGENCY_NAMES) as Urgency[];

/** The supervision levels (督办层级), mildest first. */
export const SUPERVISION_LEVEL_NAMES = { urge: '催办', supervise: '督办', listed: '挂牌督办', interview: '约谈' } as const;
export type SupervisionLevel = keyof typeof SUPERVISION_LEVEL_NAMES;

/** A code's name in a table of names; an unknown (or absent) code as itself. */
export function nameOf(names: Readonly<Record<string, string>>, code: string | null | undefined): string {
  if (code === null || code === undefined) return '—';
  return names[code] ?? code;
}
