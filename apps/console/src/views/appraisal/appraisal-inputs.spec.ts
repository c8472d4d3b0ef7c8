import { standingBanner, standingErrors } from '../../problems/form-banner';
import { fieldErrorsOf } from '../../problems/problem-text';
import {
  blankDeductionForm,
  blankScoreForm,
  calendarDateOf,
  deductionBody,
  deductionFieldsShown,
  deductionFormAccepted,
  deductionLocalErrors,
  deductionPoints,
  deductionPreview,
  isLocalDateText,
  malformedFindingIdMessage,
  occurredOnDisabled,
  occurredOnOpensAt,
  recordableScore,
  recordedDeductionsText,
  recordedScoreText,
  recordingClosedText,
  SCORE_INPUTS,
  scoreBody,
  scoreFieldLabels,
  scoreFormAccepted,
  scoreInputsFor,
  supersededRecords,
  takenDeductionIdMessage,
  typedNumber,
  usedDeductionIds,
  withdrawalConfirmText,
  type DeductionForm,
} from './appraisal-inputs';

const conduct = (personTimes: string, pointsPerPersonTime: string): DeductionForm => ({
  ...blankDeductionForm(),
  kind: 'conduct',
  personTimes,
  pointsPerPersonTime,
});
const lapse = (count: string): DeductionForm => ({ ...blankDeductionForm(), kind: 'lapse', count });

describe('recording a unit’s appraisal inputs (录入)', () => {
  it('offers the scores of the unit’s kind: 集中评议 to departments and towns, 网上投票 to windows', () => {
    expect(scoreInputsFor('department').map((s) => s.name)).toEqual(['抽样问卷调查', '集中评议']);
    expect(scoreInputsFor('town').map((s) => s.input)).toEqual(['survey', 'concentrated_evaluation']);
    expect(scoreInputsFor('window').map((s) => s.input)).toEqual(['survey', 'online_vote']);
  });

  it('previews a conduct deduction as person-times × points each, and a lapse as count × 0.1', () => {
    expect(deductionPoints(conduct('3', '0.5'))).toBe(1.5);
    expect(deductionPoints(conduct('3', '0.75'))).toBe(2.25);
    expect(deductionPoints(lapse('7'))).toBe(0.7);
    expect(deductionPoints(lapse('1000'))).toBe(100);
    // 3 × 0.1 is 0.30000000000000004 in binary: the domain rounds to hundredths, so does the preview.
    expect(deductionPoints(lapse('3'))).toBe(0.3);
    expect(deductionPreview(conduct('3', '0.75'))).toBe('3 人次 × 0.75 分，共扣 2.25 分');
    expect(deductionPreview(lapse('3'))).toBe('3 处 × 0.1 分，共扣 0.30 分');
  });

  it('previews only what the API would record: the other kind’s fields do not count, nor a rate outside 0.5–1, nor more than 100 points', () => {
    expect(deductionPoints({ ...lapse('5'), personTimes: '2', pointsPerPersonTime: '1' })).toBe(0.5);
    expect(deductionPoints({ ...conduct('2', '1'), count: '5' })).toBe(2);
    for (const form of [
      conduct('2', '0.4'),
      conduct('2', '1.5'),
      conduct('2', '0.555'),
      conduct('1.5', '1'),
      conduct('', '1'),
      conduct('101', '1'),
    ]) {
      expect(deductionPoints(form)).toBeNull();
    }
    for (const form of [lapse(''), lapse('0'), lapse('2.5'), lapse('十'), lapse('1001')]) expect(deductionPoints(form)).toBeNull();
    expect(deductionPreview(lapse(''))).toBe('填写次数后显示（每处扣0.1分，一项最多扣100分）');
    expect(deductionPreview(conduct('2', ''))).toMatch(/^填写人次和每人次扣分（0.5–1分）后显示/);
  });

  it('sends a deduction with its kind’s fields only, numbers as numbers, blanks left out for the API to name', () => {
    const form: DeductionForm = {
      deductionId: ' DC-2026-031 ',
      kind: 'conduct',
      personTimes: '2',
      pointsPerPersonTime: '0.5',
      count: '9',
      reason: '上班时间脱岗',
      occurredOn: '2026-03-02',
      findingId: '',
    };
    expect(deductionBody(form)).toEqual({
      deductionId: 'DC-2026-031',
      kind: 'conduct',
      personTimes: 2,
      pointsPerPersonTime: 0.5,
      reason: '上班时间脱岗',
      occurredOn: '2026-03-02',
    });
    expect(deductionBody({ ...form, kind: 'lapse', findingId: ' f-1 ' })).toEqual({
      deductionId: 'DC-2026-031',
      kind: 'lapse',
      count: 9,
      reason: '上班时间脱岗',
      occurredOn: '2026-03-02',
      findingId: 'f-1',
    });
    // Blank: the API says 「请填写…」 at the field; the reason goes as typed (a blank one is refused by name).
    expect(deductionBody({ ...blankDeductionForm(), occurredOn: null as unknown as string })).toEqual({ kind: 'lapse', reason: '' });
    expect(deductionFieldsShown('lapse')).toEqual(['deductionId', 'kind', 'count', 'reason', 'occurredOn', 'findingId']);
  });

  it('sends a score with its sample under the input’s own field; what is not a number goes as typed', () => {
    expect(scoreBody(SCORE_INPUTS.online_vote, { score: '87.35', sample: '1200', note: '  ' })).toEqual({ score: 87.35, votes: 1200 });
    expect(scoreBody(SCORE_INPUTS.survey, { score: '九十', sample: '', note: '第三方抽样' })).toEqual({
      score: '九十',
      note: '第三方抽样',
    });
    expect(scoreBody(SCORE_INPUTS.survey, blankScoreForm())).toEqual({});
    expect(typedNumber(' .5 ')).toBe(0.5);
    expect(scoreFieldLabels(SCORE_INPUTS.concentrated_evaluation)).toEqual({ score: '分数', participants: '参评人数', note: '备注' });
  });

  it('asks before correcting a score only with one the API takes: 0–100, two decimals at most', () => {
    expect(['87.35', '0', '100', '100.00'].map((score) => recordableScore({ ...blankScoreForm(), score }))).toEqual([87.35, 0, 100, 100]);
    expect(['100.555', '99.555', '-1', '', 'abc'].map((score) => recordableScore({ ...blankScoreForm(), score }))).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('says what is recorded so far, so the user knows a new score corrects it', () => {
    const recorded = { score: 86.5, sampleSize: 300, note: null, revision: 2 };
    const inputs = {
      unitId: 'u',
      year: 2026,
      survey: recorded,
      concentratedEvaluation: null,
      onlineVote: null,
      deductions: [{ kind: 'lapse' as const, count: 3, deductionId: 'd1', points: 0.3, reason: 'r', occurredOn: '2026-03-02' }],
      deductedPoints: 0.3,
      withdrawnDeductions: [],
    };
    expect(recordedScoreText(SCORE_INPUTS.survey, inputs)).toBe(
      '已录入 86.50 分（第 2 次录入，问卷人数 300）。再次录入将更正此前的分数，原记录保留备查。',
    );
    expect(recordedScoreText(SCORE_INPUTS.concentrated_evaluation, inputs)).toBe('尚未录入集中评议得分。');
    expect(recordedDeductionsText(inputs)).toBe(
      '本年度已记录 1 项，共扣 0.30 分。每项扣分单独记录，编号不能重复，下列已用编号（含已撤销的）不能再用。',
    );
    expect(recordedDeductionsText({ ...inputs, deductions: [], deductedPoints: 0 })).toBe(
      '本年度尚未记录日常督查扣分。每项扣分单独记录，编号不能重复。',
    );
    // The note of the record in force is said with it.
    expect(recordedScoreText(SCORE_INPUTS.survey, { ...inputs, survey: { ...recorded, note: '第三方机构复核后更正' } })).toBe(
      '已录入 86.50 分（第 2 次录入，问卷人数 300；备注：第三方机构复核后更正）。再次录入将更正此前的分数，原记录保留备查。',
    );
  });
});

const lapseOf = (deductionId: string) => ({
  kind: 'lapse' as const,
  count: 3,
  deductionId,
  points: 0.3,
  reason: 'r',
  occurredOn: '2025-03-02',
});
const inputsWith = (counting: string[], withdrawn: string[]) => ({
  unitId: 'u',
  year: 2025,
  survey: null,
  concentratedEvaluation: null,
  onlineVote: null,
  deductions: counting.map(lapseOf),
  deductedPoints: 0.3 * counting.length,
  withdrawnDeductions: withdrawn.map((id) => ({ ...lapseOf(id), withdrawal: { reason: '误录' } })),
});

describe('the numbers of the year’s deductions (扣分编号)', () => {
  const inputs = inputsWith(['DC-1', 'DC-2'], ['DC-0']);

  it('lists every number used, those that count then those withdrawn, and refuses either before anything is sent', () => {
    expect(usedDeductionIds(inputs)).toEqual([
      { deductionId: 'DC-1', withdrawn: false },
      { deductionId: 'DC-2', withdrawn: false },
      { deductionId: 'DC-0', withdrawn: true },
    ]);
    expect(takenDeductionIdMessage(' DC-2 ', inputs)).toBe('编号 DC-2 已用于本年度的一项扣分，请使用新的编号');
    expect(takenDeductionIdMessage('DC-0', inputs)).toBe('编号 DC-0 的扣分已撤销，编号不能再用，请使用新的编号');
    // The API compares numbers case and width aside (deductionIdKey): dc-1 and ＤＣ－１ are DC-1, named as recorded.
    expect(takenDeductionIdMessage('dc-1', inputs)).toBe('编号 dc-1 与已用编号 DC-1 相同（编号不分大小写、全角半角），请使用新的编号');
    expect(takenDeductionIdMessage(' ＤＣ－１ ', inputs)).toBe(
      '编号 ＤＣ－１ 与已用编号 DC-1 相同（编号不分大小写、全角半角），请使用新的编号',
    );
    expect(takenDeductionIdMessage('dc-0', inputs)).toBe(
      '编号 dc-0 与已撤销扣分的编号 DC-0 相同（编号不分大小写、全角半角），编号不能再用，请使用新的编号',
    );
    expect([takenDeductionIdMessage('DC-3', inputs), takenDeductionIdMessage('DC-1', null)]).toEqual([null, null]);
    expect(recordedDeductionsText(inputs)).toBe(
      '本年度已记录 2 项，共扣 0.60 分；已撤销 1 项。每项扣分单独记录，编号不能重复，下列已用编号（含已撤销的）不能再用。',
    );
  });

  it('refuses at 问题编号 an id not of the API’s form, before anything is asked or sent; a blank one cites none', () => {
    const finding = '3f9c2a4e-8b1d-4c5e-9a7f-0d2e6b8c1a34';
    expect(['', '  ', finding, ` ${finding} `, 'WT-2026-0007', 'a@b:c.d_e-f'].map(malformedFindingIdMessage)).toEqual(Array(6).fill(null));
    for (const typed of ['问题7', 'WT 2026', '-WT-1', '#12', `a${'b'.repeat(128)}`]) {
      expect({ typed, message: malformedFindingIdMessage(typed) }).toEqual({ typed, message: '问题编号格式不正确' });
    }
    const form = { ...lapse('1'), deductionId: 'DC-2', findingId: '问题7' };
    expect(deductionLocalErrors(form, inputs)).toEqual({
      deductionId: '编号 DC-2 已用于本年度的一项扣分，请使用新的编号',
      findingId: '问题编号格式不正确',
    });
    expect(deductionLocalErrors({ ...form, deductionId: 'DC-3' }, inputs)).toEqual({ findingId: '问题编号格式不正确' });
    expect(deductionLocalErrors({ ...form, deductionId: 'DC-3', findingId: finding }, inputs)).toEqual({});
  });

  it('names the deduction by its number in the confirmation of its withdrawal', () => {
    expect(withdrawalConfirmText({ deductionId: 'DC-BROWSER-1', points: 100 }, '财政局')).toBe(
      '撤销后扣分 DC-BROWSER-1（100.00 分）不再计入 财政局 的得分，记录和撤销理由保留备查，编号不能再用，不能恢复。确定撤销吗？',
    );
  });
});

describe('what a dialog confirms: only a form the API would record', () => {
  const today = '2025-06-30';
  const complete: DeductionForm = { ...lapse('5'), deductionId: 'DC-9', reason: '台账不全', occurredOn: '2025-04-08' };
  const inputs = inputsWith(['DC-1'], ['DC-0']);

  it('a score is confirmed only with a sample left blank or a positive whole number', () => {
    const form = (sample: string) => ({ score: '90', sample, note: '' });
    expect(['', '300', ' 300 ', '３００'].map((sample) => scoreFormAccepted(form(sample)))).toEqual([true, true, true, true]);
    expect(['0', '1.5', 'abc', '-3'].map((sample) => scoreFormAccepted(form(sample)))).toEqual([false, false, false, false]);
    expect(scoreFormAccepted({ score: '99.555', sample: '', note: '' })).toBe(false);
  });

  it('a deduction is confirmed only dated within its year and not after today in Beijing, under a number of the API’s form not used yet', () => {
    expect(deductionFormAccepted(complete, 2025, today, inputs)).toBe(true);
    expect(deductionFormAccepted({ ...complete, occurredOn: today }, 2025, today, inputs)).toBe(true);
    for (const changed of [
      { occurredOn: '2025-07-01' },
      { occurredOn: '2024-12-31' },
      { occurredOn: '2025-02-30' },
      { occurredOn: '' },
      { deductionId: 'DC-1' },
      { deductionId: 'DC-0' },
      { deductionId: 'dc-1' },
      { deductionId: 'dc-0' },
      { deductionId: 'DC 9' },
      { deductionId: '-DC-9' },
      { findingId: '问题7' },
      { reason: '  ' },
      { count: '0' },
    ]) {
      expect({ changed, accepted: deductionFormAccepted({ ...complete, ...changed }, 2025, today, inputs) }).toEqual({
        changed,
        accepted: false,
      });
    }
    expect(deductionFormAccepted({ ...complete, findingId: ' WT-2026-0007 ' }, 2025, today, inputs)).toBe(true);
    // A past year: any day of it.
    expect(deductionFormAccepted({ ...complete, occurredOn: '2025-12-31' }, 2025, '2026-01-15', inputs)).toBe(true);
  });
});

describe('the 发生日期 picker', () => {
  const day = (date: string) => {
    const [y, m, d] = date.split('-').map(Number);
    return new Date(y!, m! - 1, d!);
  };

  it('disables the days the domain refuses: another year’s, after today in Beijing', () => {
    const today = '2026-03-10';
    const disabled = (date: string, year: number) => occurredOnDisabled(day(date), year, today);
    expect([disabled('2025-01-01', 2025), disabled('2025-12-31', 2025), disabled('2026-03-10', 2026)]).toEqual([false, false, false]);
    expect([disabled('2024-12-31', 2025), disabled('2026-01-01', 2025), disabled('2026-03-11', 2026)]).toEqual([true, true, true]);
  });

  it('opens on the appraisal year: on today in the current year, on its last day in a past one', () => {
    expect(calendarDateOf(occurredOnOpensAt(2025, '2026-03-10'))).toBe('2025-12-31');
    expect(calendarDateOf(occurredOnOpensAt(2026, '2026-03-10'))).toBe('2026-03-10');
    expect(calendarDateOf(occurredOnOpensAt(2027, '2026-03-10'))).toBe('2027-01-01');
  });

  it('keeps a typed date only when it is one (a day that exists, as the API writes it)', () => {
    expect(['2024-02-29', '2025-12-31'].map(isLocalDateText)).toEqual([true, true]);
    expect(['2025-02-29', '2025-13-01', '2025-4-8', '20250408', ''].map(isLocalDateText)).toEqual([false, false, false, false, false]);
  });
});

describe('录入 for a year not begun', () => {
  it('is not offered after the current year in Beijing, saying why', () => {
    expect(recordingClosedText(2027, '2026-12-31')).toBe('2027年度考核尚未开始，不能录入');
    expect([recordingClosedText(2026, '2026-01-01'), recordingClosedText(2025, '2026-01-01')]).toEqual([null, null]);
  });
});

describe('numbers typed through a Chinese input method', () => {
  it('takes full-width digits, full stops and minus as the number meant', () => {
    expect(['３', '８５．５', '８５。５', '－１', '１２3', '　９０　'].map(typedNumber)).toEqual([3, 85.5, 85.5, -1, 123, 90]);
    expect(scoreBody(SCORE_INPUTS.survey, { score: '８５．５', sample: '３００', note: '' })).toEqual({ score: 85.5, respondents: 300 });
    expect(deductionPoints(lapse('７'))).toBe(0.7);
    // Still not a number: sent as typed, for the API to name the field.
    expect(['九十', '８５．５分'].map(typedNumber)).toEqual(['九十', '８５．５分']);
  });
});

describe('a refusal’s field errors once the user changes the field', () => {
  const refusal = { status: 400, problem: { title: '', code: 'VALIDATION_FAILED' } };

  it('clears the error of a field changed since the refusal, keeps the others', () => {
    const sent = deductionBody({ ...lapse('2.5'), deductionId: 'DC-1' });
    const errors = { count: '次数须为整数', reason: '请填写扣分事由', year: '该年度的考核尚未开始' };
    expect(standingErrors(errors, sent, deductionBody({ ...lapse('2.5'), deductionId: 'DC-1' }))).toEqual(errors);
    expect(standingErrors(errors, sent, deductionBody({ ...lapse('3'), deductionId: 'DC-1' }))).toEqual({
      reason: '请填写扣分事由',
      year: '该年度的考核尚未开始',
    });
    expect(standingErrors(errors, sent, deductionBody({ ...lapse('2.5'), deductionId: 'DC-1', reason: '台' }))).toEqual({
      count: '次数须为整数',
      year: '该年度的考核尚未开始',
    });
    // Another kind: the count is no longer sent, its error goes with it.
    expect(standingErrors({ count: '次数须为整数' }, sent, deductionBody({ ...conduct('2', '0.5'), deductionId: 'DC-1' }))).toEqual({});
    expect(standingErrors(errors, null, {})).toEqual(errors);
  });

  it('clears the banner once no field error is left; a refusal naming no field stays', () => {
    expect(standingBanner(refusal, { reason: '请填写扣分事由' }, {}, ['reason'])).toBeNull();
    expect(standingBanner(refusal, { reason: '请填写扣分事由' }, { reason: '请填写扣分事由' }, ['reason'])).toBeNull();
    expect(standingBanner(refusal, { year: '该年度的考核尚未开始' }, { year: '该年度的考核尚未开始' }, ['reason'])).toBe(refusal);
    expect(standingBanner(refusal, {}, {}, ['reason'])).toBe(refusal);
    expect(standingBanner(null, { deductionId: '编号已用' }, { deductionId: '编号已用' }, ['deductionId'])).toBeNull();
  });
});

describe('a corrected score', () => {
  const event = (n: number) => ({ eventId: `e${n}`, streamId: 's', streamVersion: n });

  it('lists the records it replaced, newest first, each with its revision', () => {
    const earlier = (version: number, revision: number, score: number, sampleSize: number | null, note: string | null) => ({
      ...event(version),
      revision,
      score,
      sampleSize,
      note,
    });
    expect(supersededRecords({ superseded: [earlier(1, 1, 84, 100, null), earlier(4, 2, 95.5, null, '复核前')] })).toEqual([
      { revision: 2, event: event(4), text: '录入 95.50 分（第 2 次），备注：复核前，已被更正' },
      { revision: 1, event: event(1), text: '录入 84.00 分（第 1 次，样本 100），已被更正' },
    ]);
    expect(supersededRecords({ superseded: [] })).toEqual([]);
  });

  it('says a score with three decimals within 0–100 is refused for its decimals (INVALID_SCORE), not a vague range', () => {
    const refused = { status: 422, problem: { title: '', code: 'INVALID_SCORE', field: 'score' } };
    expect(fieldErrorsOf(refused, scoreFieldLabels(SCORE_INPUTS.survey))).toEqual({ score: '分数最多两位小数' });
  });
});
