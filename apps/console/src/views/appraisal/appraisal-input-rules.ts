import { DEDUCTION_POINTS_MAX } from '../../problems/code-messages';

/**
 * The domain's rules for recording a unit's appraisal inputs, mirrored (libs/domain's
 * appraisal-inputs.model.ts and appraisal-inputs.decide.ts: the console imports no package), and what
 * a form makes of them: the body sent, the points a deduction will cost.
 * test/contract/console-appraisal-inputs.spec.ts fails when they drift; it compiles with the server's
 * code, so this file imports nothing of the console's API client (nor anything that does).
 */

/** The console's UnitKind (labels.ts), spelt out: that one comes from the API client's types. */
export type UnitKind = 'department' | 'town' | 'window';

/** The domain's AppraisalInput: what people record for a unit's year (case indicators come from cases). */
export type AppraisalInput = 'survey' | 'concentrated_evaluation' | 'online_vote' | 'inspection_deduction';

/**
 * Which inputs apply to which kind of unit (APPRAISAL_INPUTS_BY_UNIT_KIND): departments and towns are
 * scored by 抽样问卷调查 and 集中评议, service windows by 抽样问卷调查 and 网上投票; all take 日常督查扣分.
 */
export const APPRAISAL_INPUTS_BY_UNIT_KIND: Readonly<Record<UnitKind, readonly AppraisalInput[]>> = {
  department: ['survey', 'concentrated_evaluation', 'inspection_deduction'],
  town: ['survey', 'concentrated_evaluation', 'inspection_deduction'],
  window: ['survey', 'online_vote', 'inspection_deduction'],
};

/** A score is out of 100 with at most two decimals (SCORE_MIN, SCORE_MAX). */
export const SCORE_MIN = 0;
export const SCORE_MAX = 100;
/** 违反作风建设规定: 0.5 to 1 point per person-time (CONDUCT_POINTS_PER_PERSON_TIME). */
export const CONDUCT_POINTS_PER_PERSON_TIME = { min: 0.5, max: 1 } as const;
/** 日常工作不到位: 0.1 point each (LAPSE_POINTS). */
export const LAPSE_POINTS = 0.1;

/**
 * A number typed in a text box as the API is sent it: blank is left out (the API says the field is
 * required, or it is an optional one left empty), a number as a number, anything else as typed, so
 * the API's refusal names the field (「分数须为数字」) instead of the console guessing it into a number.
 */
export function typedNumber(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const ascii = asciiDigits(trimmed);
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(ascii) ? Number(ascii) : trimmed;
}

/**
 * Full-width digits, signs and full stops as ASCII: a Chinese input method types 「８５．５」 or
 * 「８５。５」 unless switched to half-width, and the user means 85.5 (the API takes JSON numbers only).
 */
export function asciiDigits(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[\uFF0E\u3002]/g, '.')
    .replace(/[\uFF0D\u2212]/g, '-')
    .replace(/\uFF0B/g, '+');
}

/** Optional text: left out when blank (the API refuses an optional text given blank). */
export function optionalText(text: string): string | undefined {
  return text.trim() === '' ? undefined : text;
}

/** At most two decimals, tolerant of binary rounding, as the domain's hasAtMostTwoDecimals. */
function hasAtMostTwoDecimals(value: number): boolean {
  return Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
}

/** Rounds to hundredths, the precision of every score and deduction (roundToHundredths). */
export function roundToHundredths(value: number): number {
  return Math.round(value * 100) / 100;
}

const isPositiveInteger = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

export interface ScoreForm {
  score: string;
  sample: string;
  note: string;
}

export const blankScoreForm = (): ScoreForm => ({ score: '', sample: '', note: '' });

/** The score the form would record, when the API takes it (0–100, two decimals at most); null otherwise. */
export function recordableScore(form: ScoreForm): number | null {
  const score = typedNumber(form.score);
  return typeof score === 'number' && score >= SCORE_MIN && score <= SCORE_MAX && hasAtMostTwoDecimals(score) ? score : null;
}

/** A sample (问卷人数, 参评人数, 投票数) the API takes: left blank, or a positive whole number (@IsInt @Min(1)). */
export function acceptableSample(text: string): boolean {
  const sample = typedNumber(text);
  return sample === undefined || isPositiveInteger(sample);
}

/**
 * A deduction's number as the API takes it (DEDUCTION_ID_PATTERN of its request DTO): letters, digits
 * and `. _ : -`, at most 64, the first a letter or digit.
 */
export const DEDUCTION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/**
 * A deduction's number as the domain compares it (deductionIdKey of appraisal-inputs.model.ts): one
 * inspection record's number whatever its case or width (NFKC: Ｔ－１ is T-1; T-1 is t-1). The API
 * refuses a number whose key is one already used (DEDUCTION_ALREADY_RECORDED), so the dialog does too.
 */
export function deductionIdKey(deductionId: string): string {
  return deductionId.normalize('NFKC').toLowerCase();
}

/**
 * A cited finding's id (问题编号) as the API takes it: the pattern its request DTO matches `findingId`
 * against (ID_PATTERN of apps/api/src/common/text-fields.ts, the form of every id in a body): letters,
 * digits and `. _ : @ -`, at most 128, the first a letter or digit. The domain states no form of its
 * own for it (it refuses a well-formed id that names no finding, CITED_FINDING_NOT_FOUND).
 */
export const FINDING_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/**
 * Said at 问题编号 when the id typed (trimmed, as sent) is not of the form the API takes
 * (FINDING_ID_PATTERN), in the words of the API's own refusal of it (「问题编号格式不正确」); null when
 * left blank (it is optional) or well-formed.
 */
export function malformedFindingIdMessage(typed: string): string | null {
  const id = typed.trim();
  return id === '' || FINDING_ID_PATTERN.test(id) ? null : '问题编号格式不正确';
}

export type DeductionKind = 'conduct' | 'lapse';

export interface DeductionForm {
  deductionId: string;
  kind: DeductionKind;
  personTimes: string;
  pointsPerPersonTime: string;
  count: string;
  reason: string;
  occurredOn: string;
  findingId: string;
}

export const blankDeductionForm = (): DeductionForm => ({
  deductionId: '',
  kind: 'lapse',
  personTimes: '',
  pointsPerPersonTime: '',
  count: '',
  reason: '',
  occurredOn: '',
  findingId: '',
});

/** The fields of each kind: a field of the other kind is refused by the API, so it is never sent. */
export const DEDUCTION_KIND_FIELDS: Readonly<Record<DeductionKind, ReadonlyArray<'personTimes' | 'pointsPerPersonTime' | 'count'>>> = {
  conduct: ['personTimes', 'pointsPerPersonTime'],
  lapse: ['count'],
};

/**
 * The body of POST …/inspection-deductions: the kind's own fields only, blanks left out (the API
 * names what is missing: 「请填写扣分编号」 rather than a blank id's format), the reason as typed.
 */
export function deductionBody(form: DeductionForm): Record<string, unknown> {
  const body: Record<string, unknown> = {
    deductionId: optionalText(form.deductionId)?.trim(),
    kind: form.kind,
    ...Object.fromEntries(DEDUCTION_KIND_FIELDS[form.kind].map((field) => [field, typedNumber(form[field])])),
    reason: form.reason,
    // The date picker leaves null when cleared.
    occurredOn: form.occurredOn ? form.occurredOn : undefined,
    findingId: optionalText(form.findingId)?.trim(),
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/**
 * The points the deduction will cost, as the domain computes them: conduct personTimes ×
 * pointsPerPersonTime (the latter rounded to hundredths first), lapse count × 0.1, rounded to
 * hundredths. Null while the fields do not make a deduction the API would record (not whole
 * numbers, a rate outside 0.5–1, more than the whole score): a figure then would promise a deduction
 * the save refuses.
 */
export function deductionPoints(form: DeductionForm): number | null {
  if (form.kind === 'conduct') {
    const personTimes = typedNumber(form.personTimes);
    const each = typedNumber(form.pointsPerPersonTime);
    const { min, max } = CONDUCT_POINTS_PER_PERSON_TIME;
    if (!isPositiveInteger(personTimes) || typeof each !== 'number' || each < min || each > max || !hasAtMostTwoDecimals(each)) {
      return null;
    }
    const points = roundToHundredths(personTimes * roundToHundredths(each));
    return points > DEDUCTION_POINTS_MAX ? null : points;
  }
  const count = typedNumber(form.count);
  if (!isPositiveInteger(count)) return null;
  const points = roundToHundredths(count * LAPSE_POINTS);
  return points > DEDUCTION_POINTS_MAX ? null : points;
}
