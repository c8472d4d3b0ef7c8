import {
  blankDeductionForm,
  blankScoreForm,
  deductionBody,
  deductionFieldsShown,
  deductionPoints,
  deductionPreview,
  recordableScore,
  recordedDeductionsText,
  recordedScoreText,
  SCORE_INPUTS,
  scoreBody,
  scoreFieldLabels,
  scoreInputsFor,
  typedNumber,
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
    expect(recordedDeductionsText(inputs)).toBe('本年度已记录 1 项，共扣 0.30 分。每项扣分单独记录，编号不能重复。');
  });
});
