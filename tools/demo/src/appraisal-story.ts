import { addDays, APPRAISAL_INPUTS_BY_UNIT_KIND, type LocalDate } from '@app/domain';
import type { Span } from './arrivals';
import { APPRAISAL_OFFICE, DemoRequestError, type DemoApi } from './demo-api-client';
import { beijingDate, type OfficeCalendar } from './office-calendar';
import type { Progress } from './progress';
import type { Random } from './random';
import type { StoryTime } from './simulated-time';
import type { DemoUnit } from './unit-catalogue';

export interface AppraisalContext {
  api: DemoApi;
  /** This unit's appraisal's own time. */
  time: StoryTime;
  office: OfficeCalendar;
  progress: Progress;
}

const CONDUCT_FINDINGS = ['工作日上班时间脱岗（日常督查发现）', '工作人员上班期间玩手机、闲聊', '工作人员着装不规范、未佩戴工作牌'];
const LAPSE_FINDINGS = ['服务台账记录不全', '首问负责登记不完整', '值班电话无人接听', '办事指南未及时更新'];
const WITHDRAWAL_REASONS = ['督查记录录入有误，经核实撤销', '经复核，该情况已按规定报备，不予扣分'];

/**
 * One unit's appraisal inputs for the year (docs/rules.md#appraisal-inputs), recorded by the appraisal office:
 * daily-inspection deductions when the inspection finds something (a few units), and in the last
 * weeks of the span the sampling survey, plus the concentrated evaluation (departments, towns) or
 * the online vote (windows), as the unit's kind calls for. Scores centre on a unit's own level,
 * roughly normal around 85; about one unit in twenty is weak, below 70.
 */
export async function appraiseUnit(
  ctx: AppraisalContext,
  unit: DemoUnit,
  year: number,
  days: readonly LocalDate[],
  rng: Random,
): Promise<void> {
  const inputs = APPRAISAL_INPUTS_BY_UNIT_KIND[unit.kind];
  const level = rng.chance(0.05) ? rng.normal(66, 3) : rng.normal(86, 4);
  const score = (spread: number) => Math.round(Math.min(99.5, Math.max(40, rng.normal(level, spread))) * 100) / 100;
  const path = (input: string) => `/api/v1/appraisal-inputs/${year}/units/${unit.id}/${input}`;
  const record = async (at: number, input: string, body: unknown) => {
    await ctx.time.until(at);
    try {
      await ctx.api.post(path(input), body, APPRAISAL_OFFICE, { at: ctx.time.now() });
      ctx.progress.appraisalInputs++;
    } catch (error) {
      // A demo run again with the same seed finds its inspection records' numbers taken by the
      // first run (and withdrawn, when that run withdrew them): the office has that record
      // already, and the year goes on.
      const code = error instanceof DemoRequestError ? error.code : undefined;
      if (code !== 'DEDUCTION_ALREADY_RECORDED' && code !== 'DEDUCTION_ALREADY_WITHDRAWN') throw error;
      if (code === 'DEDUCTION_ALREADY_RECORDED') ctx.progress.deductionsAlreadyRecorded++;
    }
  };

  if (days.length < 15) return; // a span of a few days has no appraisal to speak of
  const steps: Array<{ at: number; input: string; body: unknown }> = [];
  if (inputs.includes('inspection_deduction') && rng.chance(0.15)) {
    for (let k = 1; k <= rng.int(1, 2); k++) {
      const occurredOn = rng.pick(days.slice(0, -10));
      const conduct = rng.chance(0.4);
      const basis = conduct
        ? { kind: 'conduct', personTimes: rng.int(1, 2), pointsPerPersonTime: rng.pick([0.5, 0.8, 1]) }
        : { kind: 'lapse', count: rng.int(1, 4) };
      const reason = rng.pick(conduct ? CONDUCT_FINDINGS : LAPSE_FINDINGS);
      const at = ctx.office.officeTime(rng, ctx.office.addWorkingDays(occurredOn, rng.int(1, 3)));
      const deductionId = `DC-${year}-${k}${rng.int(100, 999)}`;
      steps.push({ at, input: 'inspection-deductions', body: { deductionId, ...basis, reason, occurredOn } });
      // Now and then a record proves wrong on review (撤销扣分), a few working days later. Drawn from
      // a random of its own, so the rest of the year draws what it drew before withdrawals existed.
      const review = rng.fork(`withdrawal-${k}`);
      if (review.chance(0.2)) {
        const withdrawnAt = ctx.office.officeTime(review, ctx.office.addWorkingDays(beijingDate(at), review.int(2, 5)));
        steps.push({
          at: Math.max(withdrawnAt, at + 1),
          input: `inspection-deductions/${deductionId}/withdrawal`,
          body: { reason: review.pick(WITHDRAWAL_REASONS) },
        });
      }
    }
  }
  const lastWeeks = days.slice(-10);
  if (inputs.includes('survey')) {
    const body = { score: score(3), respondents: rng.int(80, 400), note: '年度抽样问卷调查' };
    steps.push({ at: ctx.office.officeTime(rng, rng.pick(lastWeeks)), input: 'survey-score', body });
  }
  if (inputs.includes('concentrated_evaluation')) {
    const body = { score: score(4), participants: rng.int(30, 120), note: '年度集中评议（服务对象和“两代表一委员”参评）' };
    steps.push({ at: ctx.office.officeTime(rng, rng.pick(lastWeeks.slice(-5))), input: 'concentrated-evaluation-score', body });
  }
  if (inputs.includes('online_vote')) {
    const body = { score: score(5), votes: rng.int(300, 5000), note: '网上投票' };
    steps.push({ at: ctx.office.officeTime(rng, rng.pick(lastWeeks.slice(-5))), input: 'online-vote-score', body });
  }
  for (const step of steps.sort((a, b) => a.at - b.at)) await record(step.at, step.input, step.body);
}

/** Working days of the span before its last day, so every time drawn on them is inside the span: what appraiseUnit draws from. */
export function appraisalDays(office: OfficeCalendar, span: Span): LocalDate[] {
  const days: LocalDate[] = [];
  const last = beijingDate(span.end - 1);
  for (let day = beijingDate(span.start); day < last; day = addDays(day, 1)) if (office.isWorkingDay(day)) days.push(day);
  return days;
}
