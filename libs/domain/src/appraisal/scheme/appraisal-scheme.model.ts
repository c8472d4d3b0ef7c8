import type { UnitKind } from '../../unit/unit.model';
import type { AppraisalInput } from '../appraisal-inputs.model';

/**
 * An appraisal scheme (评议/考核方案): how a year's composite score of each unit is made. Schemes
 * differ by place and year, so they are data an admin publishes (docs/rules.md#appraisal-scheme-评议考核方案), never code.
 * Weights are percentages with at most two decimals; points are out of 100.
 */

/** The recorded scores a scheme can weight, named as in AppraisalInputsState. */
export const SCHEME_INPUTS = ['survey', 'concentratedEvaluation', 'onlineVote'] as const;
export type SchemeInput = (typeof SCHEME_INPUTS)[number];

/** The appraisal input (appraisal-inputs.model) each scheme input is recorded as. */
export const SCHEME_INPUT_RECORDED_AS: Readonly<Record<SchemeInput, AppraisalInput>> = {
  survey: 'survey',
  concentratedEvaluation: 'concentrated_evaluation',
  onlineVote: 'online_vote',
};

/** Case-derived indicators as in 12345 practice; each is a rate with a numerator and a denominator. */
export const CASE_INDICATORS = ['responseRate', 'onTimeCompletionRate', 'completionRate', 'satisfactionRate', 'reopenRate'] as const;
export type CaseIndicator = (typeof CASE_INDICATORS)[number];

/** The Chinese names leaders read in a breakdown. */
export const APPRAISAL_COMPONENT_LABELS: Readonly<Record<SchemeInput | CaseIndicator, string>> = {
  survey: '抽样问卷调查',
  concentratedEvaluation: '集中评议',
  onlineVote: '网上投票',
  responseRate: '响应率',
  onTimeCompletionRate: '按时办结率',
  completionRate: '办结率',
  satisfactionRate: '满意率',
  reopenRate: '重办率',
};

/** The weights of one kind of unit: recorded scores and case indicators together make 100%. */
export interface KindScheme {
  /** An input of weight 0 is not scored, and not required. */
  inputs: Readonly<Record<SchemeInput, number>>;
  /** An indicator of weight 0 is shown in the breakdown but not scored. */
  indicators: Readonly<Record<CaseIndicator, number>>;
}

/** A grade (等次) from a lowest score up; bands are listed highest first, the last from 0. */
export interface GradeBand {
  grade: string;
  minScore: number;
}

export interface AppraisalScheme {
  kinds: Readonly<Record<UnitKind, KindScheme>>;
  /**
   * Points deducted per case of the year whose handling deadline passed for the unit (超期), and per
   * accountability (问责) issued against the unit in the year; 0 = no deduction. The daily-inspection
   * deductions (日常督查扣分) are always subtracted: their points are fixed when recorded.
   */
  caseDeductions: Readonly<{ perOverdueCase: number; perAccountability: number }>;
  grades: readonly GradeBand[];
  /** Below this score the unit's head faces `measure` (seed report 001: 诫勉谈话或予以组织处理). */
  consequence: Readonly<{ below: number; measure: string }>;
  /** Where the scheme comes from, e.g. the document number of the appraisal office's notice. */
  note: string;
}

const NO_INDICATORS: Readonly<Record<CaseIndicator, number>> = {
  responseRate: 0,
  onTimeCompletionRate: 0,
  completionRate: 0,
  satisfactionRate: 0,
  reopenRate: 0,
};

const SURVEY_AND_EVALUATION: KindScheme = {
  inputs: { survey: 50, concentratedEvaluation: 50, onlineVote: 0 },
  indicators: NO_INDICATORS,
};

/**
 * The scheme in force when none is published for a year, after the seed report 001 (“百企评部门、
 * 千人评机关、万人评窗口”): departments, offices and towns 抽样调查 50% + 集中测评 50%; windows 抽样调查
 * 70% + 网络投票 30%; 日常考查扣分 subtracted; below 70 the head gets 诫勉谈话 or 组织处理. The report
 * names no grades; 优秀/良好/合格/不合格 at 90/80/70 are the usual 等次 of such appraisals.
 */
export const DEFAULT_APPRAISAL_SCHEME: AppraisalScheme = {
  kinds: {
    department: SURVEY_AND_EVALUATION,
    town: SURVEY_AND_EVALUATION,
    window: { inputs: { survey: 70, concentratedEvaluation: 0, onlineVote: 30 }, indicators: NO_INDICATORS },
  },
  caseDeductions: { perOverdueCase: 0, perAccountability: 0 },
  grades: [
    { grade: '优秀', minScore: 90 },
    { grade: '良好', minScore: 80 },
    { grade: '合格', minScore: 70 },
    { grade: '不合格', minScore: 0 },
  ],
  consequence: { below: 70, measure: '对主要负责同志进行诫勉谈话或予以组织处理' },
  note: '默认方案：“百企评部门、千人评机关、万人评窗口”民评民议活动（参考材料 001）',
};

/** The scheme's version as a score names it: `appraisal-scheme-2026@3`, or `appraisal-scheme@default`. */
export function appraisalSchemeVersion(year: number, revision: number | null): string {
  return revision === null ? 'appraisal-scheme@default' : `appraisal-scheme-${year}@${revision}`;
}
