import type { UnitKind } from '../../unit/unit.model';
import type { AccountabilityFact, CaseFact, RecordedInputEvent } from './appraisal-evidence';
import { DEFAULT_APPRAISAL_SCHEME, type AppraisalScheme } from './appraisal-scheme.model';
import { appraisalSchemeInForce } from './appraisal-scheme.publication';
import {
  accountabilityFact,
  acknowledgedOn,
  caseFact,
  closedEvent,
  findingAccountabilityFact,
  inputStream,
  APPRAISED_AS_OF,
  ref,
  visit,
} from './appraisal-scheme.fixtures';
import { evaluateUnitAppraisal, type IndicatorComponent, type InputComponent } from './unit-appraisal';

const DEFAULT = appraisalSchemeInForce(2026, null);

function evaluate(
  unitId: string,
  unitKind: UnitKind,
  inputs: RecordedInputEvent[],
  options: { cases?: CaseFact[]; accountability?: AccountabilityFact[]; scheme?: AppraisalScheme } = {},
) {
  const inForce = options.scheme ? appraisalSchemeInForce(2026, { year: 2026, scheme: options.scheme, revision: 1 }) : DEFAULT;
  return evaluateUnitAppraisal(
    {
      unitId,
      unitKind,
      year: 2026,
      inputs,
      cases: options.cases ?? [],
      accountability: options.accountability ?? [],
      asOf: APPRAISED_AS_OF,
    },
    inForce,
  );
}
const input = (a: ReturnType<typeof evaluate>, component: string) => a.components.find((c) => c.component === component) as InputComponent;
const indicator = (a: ReturnType<typeof evaluate>, component: string) =>
  a.components.find((c) => c.component === component) as IndicatorComponent;

describe('a unit’s appraisal under the default scheme', () => {
  it('a department: survey 50% + concentrated evaluation 50%, minus the inspection deductions', () => {
    // 86.50 × 50% = 43.25; 90.00 × 50% = 45.00; 88.25 − (2 × 0.5 + 3 × 0.1 = 1.30) = 86.95 → 良好
    const market = inputStream('dept-market').survey(86.5).evaluation(90).conduct('DC-031', 2, 0.5).lapse('DC-032', 3);
    const appraisal = evaluate('dept-market', 'department', market.records);
    expect(appraisal).toMatchObject({
      status: 'complete',
      missing: [],
      weightedPoints: 88.25,
      deductedPoints: 1.3,
      score: 86.95,
      grade: '良好',
      belowThreshold: false,
      consequence: null,
      schemeVersion: 'appraisal-scheme@default',
    });
    expect(input(appraisal, 'survey')).toMatchObject({
      weight: 50,
      score: 86.5,
      points: 43.25,
      record: { event: ref(market.streamId, 1) },
    });
    expect(input(appraisal, 'concentratedEvaluation')).toMatchObject({
      weight: 50,
      score: 90,
      points: 45,
      record: { event: ref(market.streamId, 2) },
    });
    const inspection = appraisal.deductions.find((d) => d.deduction === 'inspection')!;
    expect(inspection.points).toBe(1.3);
    expect(inspection.items.map((i) => [i.points, i.events])).toEqual([
      [1, [ref(market.streamId, 3)]],
      [0.3, [ref(market.streamId, 4)]],
    ]);
  });

  it('a window: survey 70% + online vote 30%; the composite rounded half up to the hundredth once', () => {
    // 92.35 × 70% = 64.645; 78.40 × 30% = 23.52; 88.165 − 0.10 = 88.065 → 88.07 → 良好
    const tax = inputStream('win-tax-01').survey(92.35).onlineVote(78.4).lapse('DC-040', 1);
    const appraisal = evaluate('win-tax-01', 'window', tax.records);
    expect(input(appraisal, 'survey')).toMatchObject({ weight: 70, points: 64.645 });
    expect(input(appraisal, 'onlineVote')).toMatchObject({ weight: 30, points: 23.52 });
    expect(appraisal).toMatchObject({ weightedPoints: 88.165, deductedPoints: 0.1, score: 88.07, grade: '良好' });
    expect(appraisal.components.map((c) => c.component)).not.toContain('concentratedEvaluation');
  });

  it('a town is scored like a department', () => {
    const town = inputStream('town-yangluo').survey(70).evaluation(66.5);
    expect(evaluate('town-yangluo', 'town', town.records)).toMatchObject({ score: 68.25, grade: '不合格' });
  });

  it('the latest record of a score counts; the records it corrected are named', () => {
    const market = inputStream('dept-market').survey(84).evaluation(90).survey(86.5);
    const appraisal = evaluate('dept-market', 'department', market.records);
    expect(input(appraisal, 'survey')).toMatchObject({
      score: 86.5,
      points: 43.25,
      record: { revision: 2, event: ref(market.streamId, 3), superseded: [ref(market.streamId, 1)] },
    });
    expect(appraisal.score).toBe(88.25);
  });

  it('a withdrawn deduction (撤销扣分) counts nowhere: it is listed as withdrawn, with the event that recorded it and the one that withdrew it', () => {
    // 1000 lapses for 10, a typo: 100 points that zero the year, withdrawn; recorded again as 10 (1.00).
    // 86.50 × 50% + 90.00 × 50% = 88.25 − (1.00 + 1.00) = 86.25
    const market = inputStream('dept-market')
      .survey(86.5)
      .evaluation(90)
      .conduct('DC-031', 2, 0.5)
      .lapse('DC-032', 1000)
      .withdraw('DC-032', '误录：应为10处')
      .lapse('DC-032b', 10);
    const appraisal = evaluate('dept-market', 'department', market.records);
    expect(appraisal).toMatchObject({ deductedPoints: 2, score: 86.25, grade: '良好' });
    const inspection = appraisal.deductions.find((d) => d.deduction === 'inspection')!;
    expect(inspection.points).toBe(2);
    expect(inspection.items.map((i) => (i.source === 'inspection' ? i.deductionId : null))).toEqual(['DC-031', 'DC-032b']);
    expect(inspection.withdrawn).toEqual([
      {
        source: 'inspection',
        deductionId: 'DC-032',
        kind: 'lapse',
        count: 1000,
        points: 100,
        reason: '一次性告知单未公示',
        occurredOn: '2026-07-02',
        withdrawal: { reason: '误录：应为10处' },
        events: [ref(market.streamId, 4), ref(market.streamId, 5)],
      },
    ]);
    // Given out of stream order, the withdrawal still follows its deduction.
    expect(evaluate('dept-market', 'department', [...market.records].reverse()).score).toBe(86.25);
  });

  it('records given out of stream order are folded in stream order', () => {
    const market = inputStream('dept-market').survey(84).evaluation(90).survey(86.5);
    expect(evaluate('dept-market', 'department', [...market.records].reverse()).score).toBe(88.25);
  });

  describe('missing inputs: the unit is incomplete, without score, grade or consequence, until they are recorded', () => {
    it('a department without its concentrated evaluation', () => {
      const appraisal = evaluate('dept-market', 'department', inputStream('dept-market').survey(50).lapse('DC-1', 1).records);
      expect(appraisal).toMatchObject({
        status: 'incomplete',
        missing: ['concentratedEvaluation'],
        weightedPoints: 25,
        deductedPoints: 0.1,
        score: null,
        grade: null,
        belowThreshold: false,
        consequence: null,
      });
      expect(input(appraisal, 'concentratedEvaluation')).toMatchObject({ status: 'missing', score: null, points: 0, record: null });
    });

    it('a unit with nothing recorded misses every weighted input', () => {
      expect(evaluate('win-tax-01', 'window', [])).toMatchObject({ status: 'incomplete', missing: ['survey', 'onlineVote'], score: null });
    });

    it('an input the scheme does not weight is not required', () => {
      const surveyOnly: AppraisalScheme = {
        ...DEFAULT_APPRAISAL_SCHEME,
        kinds: {
          ...DEFAULT_APPRAISAL_SCHEME.kinds,
          window: { ...DEFAULT_APPRAISAL_SCHEME.kinds.window, inputs: { survey: 100, concentratedEvaluation: 0, onlineVote: 0 } },
        },
      };
      expect(evaluate('win-tax-01', 'window', inputStream('win-tax-01').survey(91).records, { scheme: surveyOnly })).toMatchObject({
        status: 'complete',
        score: 91,
      });
    });
  });

  describe('grades and the below-70 consequence', () => {
    it.each([
      [90, '优秀', false],
      [89.99, '良好', false],
      [80, '良好', false],
      [70, '合格', false],
      [69.99, '不合格', true],
      [0, '不合格', true],
    ])('a composite of %p is %s (the consequence applies: %p)', (score, grade, below) => {
      const appraisal = evaluate('dept-market', 'department', inputStream('dept-market').survey(score).evaluation(score).records);
      expect(appraisal).toMatchObject({ score, grade, belowThreshold: below });
      expect(appraisal.consequence).toBe(below ? '对主要负责同志进行诫勉谈话或予以组织处理' : null);
    });

    it('89.99 in every input stays 89.99 (no rounding per component lifts it to 优秀)', () => {
      // 89.99 × 50% = 44.995, twice: 89.99
      const appraisal = evaluate('dept-market', 'department', inputStream('dept-market').survey(89.99).evaluation(89.99).records);
      expect(input(appraisal, 'survey').points).toBe(44.995);
      expect(appraisal).toMatchObject({ weightedPoints: 89.99, score: 89.99, grade: '良好' });
    });

    it('a composite ending in a half hundredth is rounded up', () => {
      // 80.01 × 50% = 40.005; 80.00 × 50% = 40.00; 80.005 → 80.01
      expect(evaluate('dept-market', 'department', inputStream('dept-market').survey(80.01).evaluation(80).records)).toMatchObject({
        weightedPoints: 80.005,
        score: 80.01,
      });
    });

    it('deductions can take a unit below 70', () => {
      // 70.00 − 1 × 0.5 = 69.50
      const appraisal = evaluate(
        'dept-market',
        'department',
        inputStream('dept-market').survey(70).evaluation(70).conduct('DC-9', 1, 0.5).records,
      );
      expect(appraisal).toMatchObject({ score: 69.5, grade: '不合格', belowThreshold: true });
    });

    it('the composite does not go below 0', () => {
      const stream = inputStream('dept-market').survey(1).evaluation(1).conduct('DC-1', 3, 1);
      expect(evaluate('dept-market', 'department', stream.records)).toMatchObject({ weightedPoints: 1, deductedPoints: 3, score: 0 });
    });

    it('the scheme’s own grades and threshold apply', () => {
      const scheme: AppraisalScheme = {
        ...DEFAULT_APPRAISAL_SCHEME,
        grades: [
          { grade: '满意', minScore: 85 },
          { grade: '基本满意', minScore: 60 },
          { grade: '不满意', minScore: 0 },
        ],
        consequence: { below: 60, measure: '约谈' },
      };
      const appraisal = (s: number) =>
        evaluate('dept-market', 'department', inputStream('dept-market').survey(s).evaluation(s).records, { scheme });
      expect(appraisal(86)).toMatchObject({ grade: '满意', belowThreshold: false });
      expect(appraisal(65)).toMatchObject({ grade: '基本满意', belowThreshold: false });
      expect(appraisal(59)).toMatchObject({ grade: '不满意', belowThreshold: true, consequence: '约谈' });
    });
  });
});

describe('case indicators and case deductions, when a scheme weights them', () => {
  const WEIGHTED: AppraisalScheme = {
    ...DEFAULT_APPRAISAL_SCHEME,
    kinds: {
      ...DEFAULT_APPRAISAL_SCHEME.kinds,
      department: {
        inputs: { survey: 40, concentratedEvaluation: 40, onlineVote: 0 },
        indicators: { responseRate: 10, onTimeCompletionRate: 0, completionRate: 0, satisfactionRate: 10, reopenRate: 0 },
      },
    },
    caseDeductions: { perOverdueCase: 0.5, perAccountability: 1 },
  };
  const market = inputStream('dept-market').survey(86.5).evaluation(90);
  const cases = [
    caseFact('c1', 'dept-market', {
      acknowledged: acknowledgedOn('c1', '2026-09-28'),
      closed: closedEvent('c1'),
      returnVisit: visit('c1', 'satisfied'),
    }),
    caseFact('c2', 'dept-market', {
      acknowledged: acknowledgedOn('c2', '2026-09-25'),
      closed: closedEvent('c2'),
      returnVisit: visit('c2', 'basically_satisfied'),
    }),
    // Still not reported after its due date (15 Oct): overdue (超期) when the year is appraised.
    caseFact('c3', 'dept-market', { acknowledged: acknowledgedOn('c3', '2026-09-29') }),
  ];

  it('weighs the rates in: 响应率 2/3 = 66.67% × 10% = 6.667, 满意率 2/2 = 100% × 10% = 10', () => {
    // 86.50 × 40% = 34.60; 90.00 × 40% = 36.00; 66.67 × 10% = 6.667; 100 × 10% = 10; 87.267 − overdue 1 × 0.5 = 86.767 → 86.77
    const appraisal = evaluate('dept-market', 'department', market.records, { cases, scheme: WEIGHTED });
    expect(indicator(appraisal, 'responseRate')).toMatchObject({
      status: 'scored',
      numerator: 2,
      denominator: 3,
      ratePercent: 66.67,
      score: 66.67,
      points: 6.667,
    });
    expect(indicator(appraisal, 'satisfactionRate')).toMatchObject({
      status: 'scored',
      numerator: 2,
      denominator: 2,
      ratePercent: 100,
      points: 10,
    });
    expect(appraisal).toMatchObject({ weightedPoints: 87.267, deductedPoints: 0.5, score: 86.77 });
  });

  it('each indicator names its cases and the events that put them in the numerator or not', () => {
    const response = indicator(evaluate('dept-market', 'department', market.records, { cases, scheme: WEIGHTED }), 'responseRate');
    expect(response.cases).toEqual([
      { caseId: 'c1', inNumerator: true, events: [ref('case-c1', 3), ref('case-c1', 4)] },
      { caseId: 'c2', inNumerator: true, events: [ref('case-c2', 3), ref('case-c2', 4)] },
      { caseId: 'c3', inNumerator: false, events: [ref('case-c3', 3), ref('case-c3', 4)] },
    ]);
    expect(response.definition).toEqual({
      numerator: expect.stringContaining('sign-for due date'),
      denominator: expect.stringContaining('leads'),
    });
  });

  it('an overdue case and an accountability cost the scheme’s points, each naming its events', () => {
    const accountability = [accountabilityFact('A-1', 'c3', 'dept-market')];
    const appraisal = evaluate('dept-market', 'department', market.records, { cases, accountability, scheme: WEIGHTED });
    const overdue = appraisal.deductions.find((d) => d.deduction === 'overdueCases')!;
    const held = appraisal.deductions.find((d) => d.deduction === 'accountability')!;
    expect(overdue).toMatchObject({ pointsEach: 0.5, points: 0.5, items: [{ caseId: 'c3', points: 0.5, events: [ref('case-c3', 3)] }] });
    expect(held).toMatchObject({
      pointsEach: 1,
      points: 1,
      items: [{ accountabilityId: 'A-1', caseId: 'c3', events: [ref('case-c3', 10)] }],
    });
    expect(appraisal).toMatchObject({ deductedPoints: 1.5, score: 85.77 }); // 87.267 − 1.5 = 85.767
  });

  it('an accountability issued on a finding of the ledger costs the same points as one on a case, naming the finding and its event', () => {
    const accountability = [
      accountabilityFact('A-1', 'c3', 'dept-market'),
      findingAccountabilityFact('WZ-2', 'MP-2026-007', 'dept-market'),
    ];
    const appraisal = evaluate('dept-market', 'department', market.records, { cases, accountability, scheme: WEIGHTED });
    const held = appraisal.deductions.find((d) => d.deduction === 'accountability')!;
    expect(held).toMatchObject({ pointsEach: 1, points: 2 });
    expect(held.items).toEqual([
      {
        source: 'accountability',
        accountabilityId: 'A-1',
        caseId: 'c3',
        forms: ['circulated_notice'],
        points: 1,
        events: [ref('case-c3', 10)],
      },
      {
        source: 'accountability',
        accountabilityId: 'WZ-2',
        findingId: 'MP-2026-007',
        forms: ['admonishment'],
        points: 1,
        events: [ref('finding-MP-2026-007', 6)],
      },
    ]);
    // Each item names exactly one source: no caseId key on the finding's, no findingId on the case's.
    expect(held.items.map((item) => ['caseId' in item, 'findingId' in item])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(appraisal).toMatchObject({ deductedPoints: 2.5, score: 84.77 }); // 87.267 − 0.5 − 2 × 1 = 84.767
  });

  it('under the default scheme the indicators are shown but not scored, and cases cost nothing', () => {
    const accountability = [accountabilityFact('A-1', 'c3', 'dept-market')];
    const appraisal = evaluate('dept-market', 'department', market.records, { cases, accountability });
    expect(indicator(appraisal, 'responseRate')).toMatchObject({
      status: 'not_scored',
      weight: 0,
      numerator: 2,
      denominator: 3,
      points: 0,
    });
    expect(appraisal.deductions.find((d) => d.deduction === 'overdueCases')).toMatchObject({
      points: 0,
      items: [{ caseId: 'c3', points: 0 }],
    });
    expect(appraisal).toMatchObject({ weightedPoints: 88.25, deductedPoints: 0, score: 88.25 });
  });

  it('a weighted indicator with no case to count scores full marks (nothing to fault)', () => {
    const appraisal = evaluate('dept-market', 'department', market.records, { scheme: WEIGHTED });
    expect(indicator(appraisal, 'satisfactionRate')).toMatchObject({
      numerator: 0,
      denominator: 0,
      ratePercent: null,
      score: 100,
      points: 10,
    });
    expect(appraisal.score).toBe(90.6); // 34.60 + 36.00 + 10 + 10
  });
});
