import type { LocalDate } from '../calendar/local-date';

/** An ISO-8601 instant, e.g. `2026-09-24T09:30:00+08:00` or `2026-09-24T01:30:00.000Z`. */
export type Instant = string;

/** How the complaint came in (受理渠道). */
export const CHANNELS = ['hotline', 'web', 'letter', 'visit', 'email', 'media', 'leader_referral'] as const;
export type Channel = (typeof CHANNELS)[number];

/** 紧急程度: `emergency` cases are due the same day. */
export const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** 主办 (lead) or 协办 (co-handling) unit on a case. */
export const UNIT_ROLES = ['lead', 'co'] as const;
export type UnitRole = (typeof UNIT_ROLES)[number];

/** Escalating pressure: 催办 (urge), 督办 (supervise), 挂牌督办 (listed). */
/** 催办, 督办, 挂牌督办, and 约谈 (the unit's head called in for an interview), in rising order. */
export const SUPERVISION_LEVELS = ['urge', 'supervise', 'listed', 'interview'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

/** A 约谈: the day it was held and who attended (officials by name and post), at most 20. */
export interface SupervisionInterview {
  heldOn: LocalDate;
  attendees: string[];
}
export const INTERVIEW_ATTENDEES_MAX = 20;

/** 回访 answer: 满意 / 基本满意 / 不满意. */
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** The deadlines the scheduler watches: 签收 (sign-for) and 办结 (handling). */
export const DEADLINE_KINDS = ['sign_for', 'handling'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/**
 * Forms of accountability (问责) from the CPC accountability regulation, art. 8, and local practice.
 * Some apply to an organisation, some to a person, 通报 to both.
 */
export const ORGANISATION_ACCOUNTABILITY_FORMS = [
  'written_self_examination', // 检查
  'circulated_notice', // 通报
  'reorganisation', // 改组
] as const;
export const PERSON_ACCOUNTABILITY_FORMS = [
  'circulated_notice', // 通报
  'admonishment', // 诫勉
  'suspension_for_inspection', // 停职检查 (组织调整或组织处理)
  'position_adjustment', // 调整职务
  'ordered_resignation', // 责令辞职
  'demotion', // 降职
  'dismissal', // 免职
  'disciplinary_sanction', // 纪律处分
  'removal_from_post', // 调离岗位 (local practice)
  'performance_deduction', // 扣除绩效分 (local practice)
] as const;
export type OrganisationAccountabilityForm = (typeof ORGANISATION_ACCOUNTABILITY_FORMS)[number];
export type PersonAccountabilityForm = (typeof PERSON_ACCOUNTABILITY_FORMS)[number];
export type AccountabilityForm = OrganisationAccountabilityForm | PersonAccountabilityForm;
export const ACCOUNTABILITY_FORMS: readonly AccountabilityForm[] = [
  ...new Set<AccountabilityForm>([...ORGANISATION_ACCOUNTABILITY_FORMS, ...PERSON_ACCOUNTABILITY_FORMS]),
];

/** Who is held accountable: a unit as an organisation, or a named official of a unit. */
export type AccountabilityTarget =
  { kind: 'organisation'; unitId: string } | { kind: 'person'; unitId: string; name: string; position: string };

/** 问责依据: the facts and the rule broken. */
export interface AccountabilityBasis {
  facts: string;
  rule: string;
}

/** One rectification measure (整改措施) as the unit plans it. */
export interface MeasurePlan {
  description: string;
  responsibleUnitId: string;
  responsibleLeader: string;
  dueDate: LocalDate;
}

/** A planned measure, with the id the case gave it (`M1`, `M2`, … in order of planning). */
export interface Measure extends MeasurePlan {
  measureId: string;
}

/**
 * The complainant as the case stream knows them: a reference into the complainant store, never the
 * name or phone (docs/rules.md#complainant-confidentiality: identity lives outside the log so it can be encrypted and shredded).
 */
export interface ComplainantReference {
  ref: string | null;
  anonymous: boolean;
}

/**
 * Why a complainant's identity is erased (crypto-shredded): the retention period of a closed or
 * rejected case has ended, or a lawful request (PIPL art. 47) asks for it.
 */
export const ERASURE_REASONS = ['retention_ended', 'lawful_request'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];
