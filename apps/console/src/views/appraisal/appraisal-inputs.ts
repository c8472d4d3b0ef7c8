import type { Schemas } from '../../api/client';
import { DEDUCTION_POINTS_MAX } from '../../problems/code-messages';
import { formatPoints } from './labels';
import {
  APPRAISAL_INPUTS_BY_UNIT_KIND,
  CONDUCT_POINTS_PER_PERSON_TIME,
  DEDUCTION_KIND_FIELDS,
  deductionPoints,
  LAPSE_POINTS,
  optionalText,
  roundToHundredths,
  typedNumber,
  type AppraisalInput,
  type DeductionForm,
  type DeductionKind,
  type ScoreForm,
  type UnitKind,
} from './appraisal-input-rules';

export * from './appraisal-input-rules';

/**
 * Recording a unit's appraisal inputs (录入): the scores a unit kind is appraised by, the dialogs'
 * labels, bodies and texts; the domain's rules they follow are in appraisal-input-rules.ts. Pure: no
 * Vue, no API.
 */

export type ScoreInput = Exclude<AppraisalInput, 'inspection_deduction'>;
type Inputs = Schemas['AppraisalInputs']['inputs'];

/** One score input as the dialog records it: its name, its sample field, where the GET has it. */
export interface ScoreInputSpec {
  input: ScoreInput;
  name: string;
  /** Where GET /api/v1/appraisal-inputs/{year}/units/{unitId} has it (and the breakdown's component). */
  recorded: 'survey' | 'concentratedEvaluation' | 'onlineVote';
  sampleField: 'respondents' | 'participants' | 'votes';
  sampleLabel: string;
}

export const SCORE_INPUTS: Readonly<Record<ScoreInput, ScoreInputSpec>> = {
  survey: {
    input: 'survey',
    name: '抽样问卷调查',
    recorded: 'survey',
    sampleField: 'respondents',
    sampleLabel: '问卷人数',
  },
  concentrated_evaluation: {
    input: 'concentrated_evaluation',
    name: '集中评议',
    recorded: 'concentratedEvaluation',
    sampleField: 'participants',
    sampleLabel: '参评人数',
  },
  online_vote: {
    input: 'online_vote',
    name: '网上投票',
    recorded: 'onlineVote',
    sampleField: 'votes',
    sampleLabel: '投票数',
  },
};

/** The scores a unit of this kind is appraised by, in the domain's order. */
export function scoreInputsFor(kind: UnitKind): ScoreInputSpec[] {
  return APPRAISAL_INPUTS_BY_UNIT_KIND[kind].flatMap((input) => (input === 'inspection_deduction' ? [] : [SCORE_INPUTS[input]]));
}

/** Whether a unit of this kind takes 日常督查扣分 (every kind does today; the rule is the domain's). */
export function takesDeductions(kind: UnitKind): boolean {
  return APPRAISAL_INPUTS_BY_UNIT_KIND[kind].includes('inspection_deduction');
}

/** The body of the score's POST (…/survey-score, …): the score, the sample under its own field, the note; blanks left out. */
export function scoreBody(spec: ScoreInputSpec, form: ScoreForm): Record<string, unknown> {
  const body: Record<string, unknown> = {
    score: typedNumber(form.score),
    [spec.sampleField]: typedNumber(form.sample),
    note: optionalText(form.note),
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

/** The score form's labels by the field the API names, for 「请填写分数」; the sample's label is its input's own. */
export function scoreFieldLabels(spec: ScoreInputSpec): Record<string, string> {
  return { score: '分数', [spec.sampleField]: spec.sampleLabel, note: '备注' };
}

/** What the GET says of a score input: the score recorded and its revision, or that none is yet. */
export function recordedScoreText(spec: ScoreInputSpec, inputs: Inputs | null): string {
  const recorded = inputs?.[spec.recorded];
  if (!recorded) return `尚未录入${spec.name}得分。`;
  const sample = recorded.sampleSize === null ? '' : `，${spec.sampleLabel} ${recorded.sampleSize}`;
  return `已录入 ${formatPoints(recorded.score)} 分（第 ${recorded.revision} 次录入${sample}）。再次录入将更正此前的分数，原记录保留备查。`;
}

/** The two kinds of 日常督查扣分, as the inspection names them. */
export const DEDUCTION_KIND_NAMES: Readonly<Record<DeductionKind, string>> = {
  conduct: '违反作风建设规定',
  lapse: '日常工作不到位',
};

/** The preview beside the form: how the points come about, or what is still to fill in. */
export function deductionPreview(form: DeductionForm): string {
  const points = deductionPoints(form);
  if (form.kind === 'conduct') {
    if (points === null)
      return `填写人次和每人次扣分（${CONDUCT_POINTS_PER_PERSON_TIME.min}–${CONDUCT_POINTS_PER_PERSON_TIME.max}分）后显示，一项最多扣${DEDUCTION_POINTS_MAX}分`;
    return `${typedNumber(form.personTimes)} 人次 × ${formatPoints(roundToHundredths(Number(typedNumber(form.pointsPerPersonTime))))} 分，共扣 ${formatPoints(points)} 分`;
  }
  if (points === null) return `填写次数后显示（每处扣${LAPSE_POINTS}分，一项最多扣${DEDUCTION_POINTS_MAX}分）`;
  return `${typedNumber(form.count)} 处 × ${LAPSE_POINTS} 分，共扣 ${formatPoints(points)} 分`;
}

/** The deduction form's labels by the field the API names, for 「请填写扣分事由」. */
export const DEDUCTION_FIELD_LABELS: Readonly<Record<string, string>> = {
  deductionId: '扣分编号',
  kind: '扣分类别',
  personTimes: '人次',
  pointsPerPersonTime: '每人次扣分',
  count: '次数',
  reason: '扣分事由',
  occurredOn: '发生日期',
  findingId: '问题编号',
};

/** The fields the deduction dialog shows for a kind (a refusal about another is said in its banner). */
export function deductionFieldsShown(kind: DeductionKind): string[] {
  return ['deductionId', 'kind', ...DEDUCTION_KIND_FIELDS[kind], 'reason', 'occurredOn', 'findingId'];
}

/** What the GET says of the year's deductions so far: how many count, their points, the withdrawn ones. */
export function recordedDeductionsText(inputs: Inputs | null): string {
  const counting = inputs?.deductions ?? [];
  const withdrawn = inputs?.withdrawnDeductions ?? [];
  const so =
    counting.length === 0
      ? '本年度尚未记录日常督查扣分'
      : `本年度已记录 ${counting.length} 项，共扣 ${formatPoints(inputs!.deductedPoints)} 分`;
  const taken = withdrawn.length === 0 ? '' : `；已撤销 ${withdrawn.length} 项，其编号不能再用`;
  return `${so}${taken}。每项扣分单独记录，编号不能重复。`;
}
