import type { UnitKind } from '../unit/unit.model';

/** The inputs of a unit's yearly appraisal (年度评议/考核) that people record; case indicators come from cases. */
export const APPRAISAL_INPUTS = ['survey', 'concentrated_evaluation', 'online_vote', 'inspection_deduction'] as const;
export type AppraisalInput = (typeof APPRAISAL_INPUTS)[number];

/**
 * Which inputs apply to which kind of unit, after the default scheme (docs/rules.md#appraisal-inputs, seed report
 * 001): departments, offices and towns are scored by 抽样问卷调查 50% + 集中评议 50%; service windows
 * by 抽样问卷调查 70% + 网上投票 30%; all of them take 日常督查扣分. The weights belong to the
 * scheme (versioned data); only whether an input applies at all is decided here.
 */
export const APPRAISAL_INPUTS_BY_UNIT_KIND: Readonly<Record<UnitKind, readonly AppraisalInput[]>> = {
  department: ['survey', 'concentrated_evaluation', 'inspection_deduction'],
  town: ['survey', 'concentrated_evaluation', 'inspection_deduction'],
  window: ['survey', 'online_vote', 'inspection_deduction'],
};

/** Scores are points out of 100 with at most two decimals (e.g. 87.35). */
export const SCORE_MIN = 0;
export const SCORE_MAX = 100;

/** 日常督查扣分 for a conduct violation (违反作风建设规定): 0.5 to 1 point per person-time (每人次). */
export const CONDUCT_POINTS_PER_PERSON_TIME = { min: 0.5, max: 1 } as const;
/** 日常督查扣分 for a lapse in daily work (日常工作不到位): 0.1 point each time. */
export const LAPSE_POINTS = 0.1;

/**
 * The most one inspection deduction may cost: the whole score (0–100). Seed report 001 sets the
 * points per person-time and per lapse but no cap; a composite is never below 0, so a finding of
 * more than 100 points cannot be a real one — it is a typo (100 000 lapses for 10) that would
 * zero the unit's year. A typo within the bound is withdrawn (撤销扣分, WithdrawInspectionDeduction)
 * and recorded again under a new id.
 */
export const DEDUCTION_POINTS_MAX = SCORE_MAX;
/** Lapses in one deduction: 1000 × 0.1 = 100 points, the whole score. */
export const LAPSE_COUNT_MAX = Math.round(DEDUCTION_POINTS_MAX / LAPSE_POINTS);

/** 违反作风建设规定 (per person-time) or 日常工作不到位 (per occurrence). */
export const DEDUCTION_KINDS = ['conduct', 'lapse'] as const;
export type DeductionKind = (typeof DEDUCTION_KINDS)[number];

/** How a deduction's points come about; `points` in the event is computed from it. */
export type DeductionBasis = { kind: 'conduct'; personTimes: number; pointsPerPersonTime: number } | { kind: 'lapse'; count: number };

/**
 * A deduction's number (扣分编号, `deductionId`) as it is compared: it names one inspection record
 * whatever its case or width, so full-width and half-width forms alike (NFKC: Ｔ－１ is T-1) and upper
 * and lower case alike, as a unit's name is compared (unitNameKey). `t-1`, `T-1` and `Ｔ－１` are one
 * number: recording it under another spelling is DEDUCTION_ALREADY_RECORDED, and a withdrawal finds
 * the deduction by it. The number is recorded and shown as it was written; only comparisons use the key.
 */
export function deductionIdKey(deductionId: string): string {
  return deductionId.normalize('NFKC').toLowerCase();
}

/** Appraisal years accepted (a guard against typos such as 226 or 20266). */
export const APPRAISAL_YEAR_MIN = 2000;
export const APPRAISAL_YEAR_MAX = 2100;

/**
 * True for a number with at most two decimals (87.35 yes, 87.355 no), tolerant of binary rounding:
 * so within a millionth of a hundredth (0.1 + 0.2, 1e-320) passes too, and is recorded rounded
 * (`roundToHundredths`), never as sent.
 */
export function hasAtMostTwoDecimals(value: number): boolean {
  return Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
}

/** Rounds to hundredths, the precision of every score and deduction. */
export function roundToHundredths(value: number): number {
  return Math.round(value * 100) / 100;
}
