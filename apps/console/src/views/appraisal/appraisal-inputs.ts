import type { Schemas } from '../../api/client';
import { DEDUCTION_POINTS_MAX } from '../../problems/code-messages';
import { formatPoints } from './labels';
import {
  acceptableSample,
  APPRAISAL_INPUTS_BY_UNIT_KIND,
  CONDUCT_POINTS_PER_PERSON_TIME,
  DEDUCTION_ID_PATTERN,
  deductionIdKey,
  DEDUCTION_KIND_FIELDS,
  deductionPoints,
  LAPSE_POINTS,
  malformedFindingIdMessage,
  optionalText,
  recordableScore,
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
type InputComponent = Extract<Schemas['UnitAppraisal']['components'][number], { source: 'input' }>;
type ScoreRecord = NonNullable<InputComponent['record']>;
type EventRef = ScoreRecord['event'];

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
  const note = recorded.note === null ? '' : `；备注：${recorded.note}`;
  return `已录入 ${formatPoints(recorded.score)} 分（第 ${recorded.revision} 次录入${sample}${note}）。再次录入将更正此前的分数，原记录保留备查。`;
}

/**
 * Whether the score form is one the API records (the score 0–100 with two decimals at most, the
 * sample blank or a positive whole number): only then is a correction confirmed, since asking
 * 「确定保存吗？」 and then showing a refusal promises what the save does not do.
 */
export function scoreFormAccepted(form: ScoreForm): boolean {
  return recordableScore(form) !== null && acceptableSample(form.sample);
}

/** An earlier record of a score, corrected since (the breakdown's `superseded`): its event and what it recorded. */
export type SupersededRecord = ScoreRecord['superseded'][number];

/**
 * The records a score's record in force corrected, newest first (the API gives them oldest first),
 * each with the sentence the breakdown shows under the score: what it recorded, as the record in
 * force is shown (「录入 84 分（第 1 次，样本 100），备注：…，已被更正」), and its event.
 */
export function supersededRecords(record: Pick<ScoreRecord, 'superseded'>): Array<{ text: string; event: EventRef; revision: number }> {
  return [...record.superseded].reverse().map((earlier) => ({
    text: supersededText(earlier),
    event: { eventId: earlier.eventId, streamId: earlier.streamId, streamVersion: earlier.streamVersion },
    revision: earlier.revision,
  }));
}

function supersededText(earlier: SupersededRecord): string {
  const sample = earlier.sampleSize === null ? '' : `，样本 ${earlier.sampleSize}`;
  const note = earlier.note ? `，备注：${earlier.note}` : '';
  return `录入 ${formatPoints(earlier.score)} 分（第 ${earlier.revision} 次${sample}）${note}，已被更正`;
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
  const taken = withdrawn.length === 0 ? '' : `；已撤销 ${withdrawn.length} 项`;
  const rule = usedDeductionIds(inputs).length === 0 ? '编号不能重复' : '编号不能重复，下列已用编号（含已撤销的）不能再用';
  return `${so}${taken}。每项扣分单独记录，${rule}。`;
}

/**
 * The numbers of the year's deductions, those that count then those withdrawn: the API refuses
 * either again (DEDUCTION_ALREADY_RECORDED), so the dialog lists them before the user types one.
 */
export function usedDeductionIds(inputs: Inputs | null): Array<{ deductionId: string; withdrawn: boolean }> {
  return [
    ...(inputs?.deductions ?? []).map((d) => ({ deductionId: d.deductionId, withdrawn: false })),
    ...(inputs?.withdrawnDeductions ?? []).map((d) => ({ deductionId: d.deductionId, withdrawn: true })),
  ];
}

/**
 * Said at 扣分编号 when the number typed (trimmed, as sent) is one already used, as the API compares
 * them: by their key, case and width aside (deductionIdKey: dc-1 and ＤＣ－１ are DC-1), naming the
 * number as it was recorded when written otherwise; null otherwise.
 */
export function takenDeductionIdMessage(typed: string, inputs: Inputs | null): string | null {
  const id = typed.trim();
  const key = deductionIdKey(id);
  const used = usedDeductionIds(inputs);
  const taken = used.find((u) => u.deductionId === id) ?? used.find((u) => deductionIdKey(u.deductionId) === key);
  if (!taken) return null;
  if (taken.deductionId !== id) {
    const same = '相同（编号不分大小写、全角半角）';
    return taken.withdrawn
      ? `编号 ${id} 与已撤销扣分的编号 ${taken.deductionId} ${same}，编号不能再用，请使用新的编号`
      : `编号 ${id} 与已用编号 ${taken.deductionId} ${same}，请使用新的编号`;
  }
  return taken.withdrawn ? `编号 ${id} 的扣分已撤销，编号不能再用，请使用新的编号` : `编号 ${id} 已用于本年度的一项扣分，请使用新的编号`;
}

/**
 * What the deduction dialog refuses at the fields before asking or sending anything, by field: a number
 * already used this year (listed above the form), a 问题编号 not of the API's form. The API would
 * refuse either; said here, the user is not asked to confirm a deduction that cannot be recorded.
 */
export function deductionLocalErrors(form: DeductionForm, inputs: Inputs | null): Record<string, string> {
  const taken = takenDeductionIdMessage(form.deductionId, inputs);
  const finding = malformedFindingIdMessage(form.findingId);
  return { ...(taken ? { deductionId: taken } : {}), ...(finding ? { findingId: finding } : {}) };
}

/** A calendar date as the API takes it: YYYY-MM-DD, a day that exists. */
export function isLocalDateText(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [year, month, day] = text.split('-').map(Number);
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month! - 1 && date.getUTCDate() === day;
}

/** 发生日期 as the domain takes it: a date of the appraisal year (YEAR_MISMATCH), not after today in Beijing (DEDUCTION_IN_FUTURE). */
export function occurredOnAccepted(date: string, year: number, today: string): boolean {
  return isLocalDateText(date) && Number(date.slice(0, 4)) === year && date <= today;
}

/** A day of the picker's panel (its midnight in the browser's zone) as the calendar date it shows. */
export function calendarDateOf(day: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

/** The picker's disabled days: those the domain refuses (another year's, after today in Beijing). */
export function occurredOnDisabled(day: Date, year: number, today: string): boolean {
  return !occurredOnAccepted(calendarDateOf(day), year, today);
}

/**
 * Where the picker opens (its default-value): the last day a deduction of the year may be dated, today
 * in the current year and 31 December of a past one, so the panel opens on days that can be picked.
 */
export function occurredOnOpensAt(year: number, today: string): Date {
  const days = [`${year}-01-01`, today, `${year}-12-31`].sort();
  const [y, m, d] = days[1]!.split('-').map(Number);
  return new Date(y!, m! - 1, d!);
}

/**
 * Whether the deduction form is one the API records by the rules the console mirrors (points it
 * previews, a number of the API's form not yet used, a reason, a date of the year not after today, a
 * 问题编号 left blank or of the API's form):
 * only then does the dialog confirm; otherwise it sends it and the refusal is shown at its field.
 */
export function deductionFormAccepted(form: DeductionForm, year: number, today: string, inputs: Inputs | null): boolean {
  const id = form.deductionId.trim();
  return (
    deductionPoints(form) !== null &&
    DEDUCTION_ID_PATTERN.test(id) &&
    takenDeductionIdMessage(id, inputs) === null &&
    malformedFindingIdMessage(form.findingId) === null &&
    form.reason.trim() !== '' &&
    !!form.occurredOn &&
    occurredOnAccepted(form.occurredOn, year, today)
  );
}

/** Why no 录入 is offered for a year after the current one in Beijing (the API refuses APPRAISAL_YEAR_IN_FUTURE); null otherwise. */
export function recordingClosedText(year: number, today: string): string | null {
  return year > Number(today.slice(0, 4)) ? `${year}年度考核尚未开始，不能录入` : null;
}

/** 撤销扣分's confirmation: which deduction (its number), its points, and that it cannot be undone. */
export function withdrawalConfirmText(item: { deductionId: string; points: number }, unitName: string): string {
  return `撤销后扣分 ${item.deductionId}（${formatPoints(item.points)} 分）不再计入 ${unitName} 的得分，记录和撤销理由保留备查，编号不能再用，不能恢复。确定撤销吗？`;
}
