import { replay } from '../shared/decider';
import { DeciderSpecification } from '../shared/decider-specification';
import type { UnitKind } from '../unit/unit.model';
import type * as C from './appraisal-inputs.commands';
import { appraisalInputsDecider } from './appraisal-inputs.decider';
import { AppraisalInputsErrors as E } from './appraisal-inputs.errors';
import type {
  AppraisalInputsEvent,
  InspectionDeductionRecorded,
  InspectionDeductionWithdrawn,
  SurveyScoreRecorded,
} from './appraisal-inputs.events';

const AT = '2026-11-20T10:00:00+08:00';
const spec = DeciderSpecification.for(appraisalInputsDecider);
const dept = { at: AT, unitId: 'dept-czj', year: 2026, unitKind: 'department' as UnitKind };
const window = { at: AT, unitId: 'win-tax-01', year: 2026, unitKind: 'window' as UnitKind };

const survey = (overrides: Partial<C.RecordSurveyScore> = {}): C.RecordSurveyScore => ({
  type: 'RecordSurveyScore',
  ...dept,
  score: 86.5,
  ...overrides,
});
const evaluation = (overrides: Partial<C.RecordConcentratedEvaluationScore> = {}): C.RecordConcentratedEvaluationScore => ({
  type: 'RecordConcentratedEvaluationScore',
  ...dept,
  score: 91.25,
  ...overrides,
});
const onlineVote = (overrides: Partial<C.RecordOnlineVoteScore> = {}): C.RecordOnlineVoteScore => ({
  type: 'RecordOnlineVoteScore',
  ...window,
  score: 78,
  ...overrides,
});
const conduct = (overrides: Record<string, unknown> = {}): C.RecordInspectionDeduction =>
  ({
    type: 'RecordInspectionDeduction',
    ...dept,
    deductionId: 'dc-2026-031',
    kind: 'conduct',
    personTimes: 2,
    pointsPerPersonTime: 0.5,
    reason: '工作时间窗口人员玩手机、脱岗',
    occurredOn: '2026-06-18',
    ...overrides,
  }) as C.RecordInspectionDeduction;
const lapse = (overrides: Record<string, unknown> = {}): C.RecordInspectionDeduction =>
  ({
    type: 'RecordInspectionDeduction',
    ...dept,
    deductionId: 'dc-2026-032',
    kind: 'lapse',
    count: 3,
    reason: '一次性告知单未公示',
    occurredOn: '2026-07-02',
    ...overrides,
  }) as C.RecordInspectionDeduction;

const surveyRecorded: SurveyScoreRecorded = {
  type: 'SurveyScoreRecorded',
  data: { unitId: 'dept-czj', year: 2026, score: 86.5, respondents: null, note: null },
};
const conductData = {
  unitId: 'dept-czj',
  year: 2026,
  deductionId: 'dc-2026-031',
  kind: 'conduct' as const,
  personTimes: 2,
  pointsPerPersonTime: 0.5,
  points: 1,
  reason: '工作时间窗口人员玩手机、脱岗',
  occurredOn: '2026-06-18',
};
const conductRecorded: InspectionDeductionRecorded = { type: 'InspectionDeductionRecorded', data: conductData };
const withdraw = (overrides: Partial<C.WithdrawInspectionDeduction> = {}): C.WithdrawInspectionDeduction => ({
  type: 'WithdrawInspectionDeduction',
  ...dept,
  deductionId: 'dc-2026-031',
  reason: '督查记录核实有误，该人员当日在外办事',
  ...overrides,
});
const conductWithdrawn: InspectionDeductionWithdrawn = {
  type: 'InspectionDeductionWithdrawn',
  data: { unitId: 'dept-czj', year: 2026, deductionId: 'dc-2026-031', reason: '督查记录核实有误，该人员当日在外办事' },
};

describe('appraisal inputs (评议/考核)', () => {
  describe('RecordSurveyScore (抽样问卷调查)', () => {
    it('given nothing, a department survey score is recorded with its sample size and note', () => {
      spec
        .given([])
        .when(survey({ respondents: 120, note: ' 县统计局民意调查中心 ' }))
        .then([
          {
            type: 'SurveyScoreRecorded',
            data: { unitId: 'dept-czj', year: 2026, score: 86.5, respondents: 120, note: '县统计局民意调查中心' },
          },
        ]);
    });

    it('a service window is surveyed too', () => {
      spec
        .given([])
        .when(survey({ ...window, score: 92 }))
        .then([{ type: 'SurveyScoreRecorded', data: { unitId: 'win-tax-01', year: 2026, score: 92, respondents: null, note: null } }]);
    });

    it('a score recorded again is a correction and is recorded as well', () => {
      spec
        .given([surveyRecorded])
        .when(survey({ score: 84 }))
        .then([{ type: 'SurveyScoreRecorded', data: { ...surveyRecorded.data, score: 84 } }]);
    });

    it.each([0, 100, 99.99])('the boundary score %p is accepted', (score) => {
      spec
        .given([])
        .when(survey({ score }))
        .then([{ type: 'SurveyScoreRecorded', data: { ...surveyRecorded.data, score } }]);
    });

    it.each([-0.01, 100.01, 87.355, Number.NaN, Number.POSITIVE_INFINITY])('the score %p is refused', (score) => {
      spec.given([]).when(survey({ score })).thenError('INVALID_SCORE', { field: 'score' });
    });

    it.each([
      [0.1 + 0.2, 0.3],
      [1e-320, 0],
      [87.35000000001, 87.35],
    ])('a score of two decimals but for binary rounding, %p, is recorded as %p', (score, recorded) => {
      spec
        .given([])
        .when(survey({ score }))
        .then([{ type: 'SurveyScoreRecorded', data: { ...surveyRecorded.data, score: recorded } }]);
    });

    it.each([0, 1.5, -3])('%p respondents is refused', (respondents) => {
      spec.given([]).when(survey({ respondents })).thenError('INVALID_SAMPLE_SIZE', { field: 'respondents' });
    });
  });

  describe('RecordConcentratedEvaluationScore (集中评议)', () => {
    it('given nothing, a department concentrated-evaluation score is recorded', () => {
      spec
        .given([])
        .when(evaluation({ participants: 109 }))
        .then([
          {
            type: 'ConcentratedEvaluationScoreRecorded',
            data: { unitId: 'dept-czj', year: 2026, score: 91.25, participants: 109, note: null },
          },
        ]);
    });

    it('a town is evaluated too', () => {
      spec
        .given([])
        .when(evaluation({ unitId: 'town-yangluo', unitKind: 'town' }))
        .then([
          {
            type: 'ConcentratedEvaluationScoreRecorded',
            data: { unitId: 'town-yangluo', year: 2026, score: 91.25, participants: null, note: null },
          },
        ]);
    });

    it('a service window is not appraised by concentrated evaluation', () => {
      spec
        .given([])
        .when(evaluation({ ...window }))
        .thenError('APPRAISAL_INPUT_NOT_FOR_UNIT_KIND', { unitKind: 'window', input: 'concentrated_evaluation' });
    });

    it('a score outside 0–100 is refused', () => {
      spec
        .given([])
        .when(evaluation({ score: 101 }))
        .thenError('INVALID_SCORE');
    });

    it('a participant count that is not a positive whole number is refused', () => {
      spec
        .given([])
        .when(evaluation({ participants: 0 }))
        .thenError('INVALID_SAMPLE_SIZE', { field: 'participants' });
    });
  });

  describe('RecordOnlineVoteScore (网上投票)', () => {
    it('given nothing, a service window online-vote score is recorded', () => {
      spec
        .given([])
        .when(onlineVote({ votes: 30512, note: '网络测评' }))
        .then([{ type: 'OnlineVoteScoreRecorded', data: { unitId: 'win-tax-01', year: 2026, score: 78, votes: 30512, note: '网络测评' } }]);
    });

    it.each(['department', 'town'] as const)('a %s is not appraised by online voting', (unitKind) => {
      spec
        .given([])
        .when(onlineVote({ unitId: 'dept-czj', unitKind }))
        .thenError('APPRAISAL_INPUT_NOT_FOR_UNIT_KIND', { unitKind, input: 'online_vote' });
    });

    it('a score with more than two decimals is refused', () => {
      spec
        .given([])
        .when(onlineVote({ score: 78.001 }))
        .thenError('INVALID_SCORE');
    });

    it('a vote count that is not a positive whole number is refused', () => {
      spec
        .given([])
        .when(onlineVote({ votes: 2.5 }))
        .thenError('INVALID_SAMPLE_SIZE', { field: 'votes' });
    });
  });

  describe('RecordInspectionDeduction (日常督查扣分)', () => {
    it('a conduct violation costs the points per person-time times the person-times', () => {
      spec.given([]).when(conduct()).then([conductRecorded]);
    });

    it('conduct points are computed to the hundredth', () => {
      spec
        .given([])
        .when(conduct({ personTimes: 3, pointsPerPersonTime: 0.75 }))
        .then([{ type: 'InspectionDeductionRecorded', data: { ...conductData, personTimes: 3, pointsPerPersonTime: 0.75, points: 2.25 } }]);
    });

    it('points per person-time of two decimals but for binary rounding are recorded to the hundredth', () => {
      spec
        .given([])
        .when(conduct({ personTimes: 1, pointsPerPersonTime: 0.7 + 0.1 }))
        .then([{ type: 'InspectionDeductionRecorded', data: { ...conductData, personTimes: 1, pointsPerPersonTime: 0.8, points: 0.8 } }]);
    });

    it('a lapse costs 0.1 point each time', () => {
      spec
        .given([])
        .when(lapse())
        .then([
          {
            type: 'InspectionDeductionRecorded',
            data: {
              unitId: 'dept-czj',
              year: 2026,
              deductionId: 'dc-2026-032',
              kind: 'lapse',
              count: 3,
              points: 0.3,
              reason: '一次性告知单未公示',
              occurredOn: '2026-07-02',
            },
          },
        ]);
    });

    it('a deduction may cite the finding (问题) of the ledger the inspection found: it is recorded with it', () => {
      const citing = conduct({ findingId: 'AC-2026-007', citedFinding: { unitId: 'dept-czj', withdrawn: false } });
      spec
        .given([])
        .when(citing)
        .then([{ type: 'InspectionDeductionRecorded', data: { ...conductData, findingId: 'AC-2026-007' } }]);
    });

    it('the finding cited must exist, be against the unit deducted and stand', () => {
      const citing = (citedFinding: C.CitedFinding | null) => conduct({ findingId: 'AC-2026-007', citedFinding });
      spec.given([]).when(citing(null)).thenError(E.CITED_FINDING_NOT_FOUND, { field: 'findingId' });
      spec
        .given([])
        .when(citing({ unitId: 'dept-tax', withdrawn: false }))
        .thenError(E.CITED_FINDING_OF_ANOTHER_UNIT, { field: 'findingId' });
      spec
        .given([])
        .when(citing({ unitId: 'dept-czj', withdrawn: true }))
        .thenError(E.CITED_FINDING_WITHDRAWN, { field: 'findingId' });
    });

    it('a service window takes deductions too', () => {
      spec
        .given([])
        .when(conduct({ ...window }))
        .then([{ type: 'InspectionDeductionRecorded', data: { ...conductData, unitId: 'win-tax-01' } }]);
    });

    it('a further deduction is recorded next to the earlier ones', () => {
      spec
        .given([conductRecorded])
        .when(conduct({ deductionId: 'dc-2026-040', personTimes: 1, pointsPerPersonTime: 1 }))
        .then([
          {
            type: 'InspectionDeductionRecorded',
            data: { ...conductData, deductionId: 'dc-2026-040', personTimes: 1, pointsPerPersonTime: 1, points: 1 },
          },
        ]);
    });

    it('the same deduction is recorded once', () => {
      spec
        .given([conductRecorded])
        .when(conduct())
        .thenError('DEDUCTION_ALREADY_RECORDED', { deductionId: 'dc-2026-031', field: 'deductionId' });
    });

    it('a withdrawn deduction’s id stays taken: recording it again is refused, a corrected finding takes a new id', () => {
      spec
        .given([conductRecorded, conductWithdrawn])
        .when(conduct({ personTimes: 1 }))
        .thenError('DEDUCTION_ALREADY_RECORDED', { deductionId: 'dc-2026-031', field: 'deductionId' });
      spec
        .given([conductRecorded, conductWithdrawn])
        .when(conduct({ deductionId: 'dc-2026-031b', personTimes: 1 }))
        .then([
          { type: 'InspectionDeductionRecorded', data: { ...conductData, deductionId: 'dc-2026-031b', personTimes: 1, points: 0.5 } },
        ]);
    });

    describe('a number (扣分编号) names one inspection record whatever its case or width', () => {
      it.each(['DC-2026-031', 'Dc-2026-031', 'ＤＣ－２０２６－０３１', 'ｄｃ－２０２６－０３１'])(
        'given dc-2026-031 recorded, %s is the same number: refused, naming the number as it was recorded',
        (deductionId) => {
          spec
            .given([conductRecorded])
            .when(conduct({ deductionId }))
            .thenError('DEDUCTION_ALREADY_RECORDED', { deductionId: 'dc-2026-031', field: 'deductionId' });
        },
      );

      it('given T-1 recorded, t-1 is refused naming T-1: one inspection record is not deducted twice', () => {
        const recordedT1: InspectionDeductionRecorded = {
          type: 'InspectionDeductionRecorded',
          data: { ...conductData, deductionId: 'T-1' },
        };
        spec
          .given([recordedT1])
          .when(lapse({ deductionId: 't-1' }))
          .thenError('DEDUCTION_ALREADY_RECORDED', { deductionId: 'T-1', field: 'deductionId' });
      });

      it('given dc-2026-031 recorded and withdrawn, its number stays taken in any spelling', () => {
        spec
          .given([conductRecorded, conductWithdrawn])
          .when(conduct({ deductionId: 'ＤＣ－２０２６－０３１' }))
          .thenError('DEDUCTION_ALREADY_RECORDED', { deductionId: 'dc-2026-031', field: 'deductionId' });
      });

      it('the number is recorded as it was written', () => {
        spec
          .given([])
          .when(conduct({ deductionId: 'DC-2026-031' }))
          .then([{ type: 'InspectionDeductionRecorded', data: { ...conductData, deductionId: 'DC-2026-031' } }]);
      });
    });

    it.each([0.4, 1.1, 0.555])('a conduct violation at %p points per person-time is refused (0.5–1)', (pointsPerPersonTime) => {
      spec.given([]).when(conduct({ pointsPerPersonTime })).thenError('INVALID_DEDUCTION', { field: 'pointsPerPersonTime' });
    });

    it.each([0, 1.5])('%p person-times is refused', (personTimes) => {
      spec.given([]).when(conduct({ personTimes })).thenError('INVALID_DEDUCTION', { field: 'personTimes' });
    });

    it.each([0, 2.5])('a lapse count of %p is refused', (count) => {
      spec.given([]).when(lapse({ count })).thenError('INVALID_DEDUCTION', { field: 'count' });
    });

    describe('one deduction costs at most the whole score, 100 points (no real finding costs more)', () => {
      it('1000 lapses, 100 points, are recorded: the most one deduction may cost', () => {
        spec
          .given([])
          .when(lapse({ count: 1000 }))
          .then([
            {
              type: 'InspectionDeductionRecorded',
              data: {
                unitId: 'dept-czj',
                year: 2026,
                deductionId: 'dc-2026-032',
                kind: 'lapse',
                count: 1000,
                points: 100,
                reason: '一次性告知单未公示',
                occurredOn: '2026-07-02',
              },
            },
          ]);
      });

      it.each([1001, 100_000, Number.MAX_SAFE_INTEGER])(
        'a lapse count of %p, a typo that would zero the year, is refused naming count',
        (count) => {
          spec.given([]).when(lapse({ count })).thenError('INVALID_DEDUCTION', { field: 'count' });
        },
      );

      it.each([
        [200, 0.5, 100],
        [133, 0.75, 99.75],
        [100, 1, 100],
      ])('%p person-times at %p a person-time (%p points) are recorded', (personTimes, pointsPerPersonTime, points) => {
        spec
          .given([])
          .when(conduct({ personTimes, pointsPerPersonTime }))
          .then([{ type: 'InspectionDeductionRecorded', data: { ...conductData, personTimes, pointsPerPersonTime, points } }]);
      });

      it.each([
        [201, 0.5],
        [134, 0.75],
        [101, 1],
        [100_000, 0.8],
      ])('%p person-times at %p a person-time (over 100 points) are refused naming personTimes', (personTimes, pointsPerPersonTime) => {
        spec.given([]).when(conduct({ personTimes, pointsPerPersonTime })).thenError('INVALID_DEDUCTION', { field: 'personTimes' });
      });

      it('points per person-time out of 0.5–1 are named before a person-time count over the bound', () => {
        spec
          .given([])
          .when(conduct({ personTimes: 100_000, pointsPerPersonTime: 5 }))
          .thenError('INVALID_DEDUCTION', {
            field: 'pointsPerPersonTime',
          });
      });
    });

    it('a kind other than conduct or lapse is refused', () => {
      spec
        .given([])
        .when(conduct({ kind: 'attendance' }))
        .thenError('INVALID_DEDUCTION', { field: 'kind' });
    });

    it('a deduction needs a reason', () => {
      spec
        .given([])
        .when(conduct({ reason: ' ' }))
        .thenError('INVALID_DEDUCTION', { field: 'reason' });
    });

    it('a deduction needs an id', () => {
      spec
        .given([])
        .when(conduct({ deductionId: '' }))
        .thenError('INVALID_DEDUCTION', { field: 'deductionId' });
    });

    it.each(['2026-02-30', '2026/06/18', ''])('the date %p is refused', (occurredOn) => {
      spec.given([]).when(conduct({ occurredOn })).thenError('INVALID_DEDUCTION', { field: 'occurredOn' });
    });

    it('a finding outside the appraisal year is refused', () => {
      spec
        .given([])
        .when(conduct({ occurredOn: '2025-12-31' }))
        .thenError('YEAR_MISMATCH', { field: 'occurredOn' });
    });

    it('a finding dated after today (Beijing) is refused', () => {
      spec
        .given([])
        .when(conduct({ occurredOn: '2026-11-21' }))
        .thenError('DEDUCTION_IN_FUTURE', { field: 'occurredOn' });
    });

    it('a finding dated today in Beijing is accepted while it is still yesterday in UTC', () => {
      spec
        .given([])
        .when(conduct({ at: '2026-11-20T16:30:00Z', occurredOn: '2026-11-21' }))
        .then([{ type: 'InspectionDeductionRecorded', data: { ...conductData, occurredOn: '2026-11-21' } }]);
    });
  });

  describe('WithdrawInspectionDeduction (撤销扣分)', () => {
    it('given a deduction recorded, it is withdrawn with the reason: its record stays in the stream, a withdrawal follows it', () => {
      spec
        .given([conductRecorded])
        .when(withdraw({ reason: ' 督查记录核实有误，该人员当日在外办事 ' }))
        .then([conductWithdrawn]);
    });

    it('a deduction of a service window is withdrawn too', () => {
      spec
        .given([{ type: 'InspectionDeductionRecorded', data: { ...conductData, unitId: 'win-tax-01' } }])
        .when(withdraw({ ...window }))
        .then([{ type: 'InspectionDeductionWithdrawn', data: { ...conductWithdrawn.data, unitId: 'win-tax-01' } }]);
    });

    it('one of several deductions is withdrawn; the others stand', () => {
      const lapseRecorded: InspectionDeductionRecorded = {
        type: 'InspectionDeductionRecorded',
        data: {
          unitId: 'dept-czj',
          year: 2026,
          deductionId: 'dc-2026-032',
          kind: 'lapse',
          count: 3,
          points: 0.3,
          reason: '一次性告知单未公示',
          occurredOn: '2026-07-02',
        },
      };
      spec
        .given([conductRecorded, lapseRecorded])
        .when(withdraw({ deductionId: 'dc-2026-032' }))
        .then([{ type: 'InspectionDeductionWithdrawn', data: { ...conductWithdrawn.data, deductionId: 'dc-2026-032' } }]);
    });

    it('a deduction never recorded in this unit’s year is not found, naming deductionId', () => {
      spec.given([]).when(withdraw()).thenError('DEDUCTION_NOT_FOUND', { deductionId: 'dc-2026-031' });
      spec
        .given([surveyRecorded, conductRecorded])
        .when(withdraw({ deductionId: 'dc-2026-099' }))
        .thenError('DEDUCTION_NOT_FOUND', { deductionId: 'dc-2026-099' });
    });

    it('a deduction is withdrawn once', () => {
      spec
        .given([conductRecorded, conductWithdrawn])
        .when(withdraw({ reason: '再次撤销' }))
        .thenError('DEDUCTION_ALREADY_WITHDRAWN', { deductionId: 'dc-2026-031' });
    });

    it.each(['DC-2026-031', 'ＤＣ－２０２６－０３１'])(
      'given dc-2026-031 recorded, a withdrawal of %s finds it by the same number and names it as recorded',
      (deductionId) => {
        spec.given([conductRecorded]).when(withdraw({ deductionId })).then([conductWithdrawn]);
      },
    );

    it('given dc-2026-031 withdrawn, a withdrawal of DC-2026-031 is refused as already withdrawn, naming it as recorded', () => {
      spec
        .given([conductRecorded, conductWithdrawn])
        .when(withdraw({ deductionId: 'DC-2026-031' }))
        .thenError('DEDUCTION_ALREADY_WITHDRAWN', { deductionId: 'dc-2026-031' });
    });

    describe('a log recorded before numbers were compared case and width aside, holding T-1 and t-1', () => {
      const recordedAs = (deductionId: string, count: number): InspectionDeductionRecorded => ({
        type: 'InspectionDeductionRecorded',
        data: {
          unitId: 'dept-czj',
          year: 2026,
          deductionId,
          kind: 'lapse',
          count,
          points: count / 10,
          reason: '台账不全',
          occurredOn: '2026-05-06',
        },
      });
      const withdrawnAs = (deductionId: string): InspectionDeductionWithdrawn => ({
        type: 'InspectionDeductionWithdrawn',
        data: { unitId: 'dept-czj', year: 2026, deductionId, reason: '同一督查记录重复扣分' },
      });
      const legacy = [recordedAs('T-1', 3), recordedAs('t-1', 2)];

      it('still folds: both stay as recorded and count', () => {
        const state = replay(appraisalInputsDecider, legacy);
        expect(state.deductions.map((d) => d.deductionId)).toEqual(['T-1', 't-1']);
        expect(state.deductedPoints).toBe(0.5);
      });

      it('each is withdrawn by its own number', () => {
        spec
          .given(legacy)
          .when(withdraw({ deductionId: 't-1', reason: '同一督查记录重复扣分' }))
          .then([withdrawnAs('t-1')]);
        spec
          .given(legacy)
          .when(withdraw({ deductionId: 'T-1', reason: '同一督查记录重复扣分' }))
          .then([withdrawnAs('T-1')]);
      });

      it('once one is withdrawn, its own number is already withdrawn while the other is still withdrawn by its own', () => {
        spec
          .given([...legacy, withdrawnAs('t-1')])
          .when(withdraw({ deductionId: 't-1' }))
          .thenError('DEDUCTION_ALREADY_WITHDRAWN', { deductionId: 't-1' });
        spec
          .given([...legacy, withdrawnAs('t-1')])
          .when(withdraw({ deductionId: 'T-1', reason: '同一督查记录重复扣分' }))
          .then([withdrawnAs('T-1')]);
      });

      it('a number written as neither withdraws the first recorded that still counts, then the next, then is already withdrawn', () => {
        const command = withdraw({ deductionId: 'Ｔ－１', reason: '同一督查记录重复扣分' });
        spec
          .given(legacy)
          .when(command)
          .then([withdrawnAs('T-1')]);
        spec
          .given([...legacy, withdrawnAs('T-1')])
          .when(command)
          .then([withdrawnAs('t-1')]);
        spec
          .given([...legacy, withdrawnAs('T-1'), withdrawnAs('t-1')])
          .when(command)
          .thenError('DEDUCTION_ALREADY_WITHDRAWN', { deductionId: 'T-1' });
      });

      it('the state after each withdrawal counts the other one only', () => {
        const state = replay(appraisalInputsDecider, [...legacy, withdrawnAs('t-1')]);
        expect(state.deductions.map((d) => d.deductionId)).toEqual(['T-1']);
        expect(state.withdrawnDeductions.map((d) => d.deductionId)).toEqual(['t-1']);
        expect(state.deductedPoints).toBe(0.3);
      });

      it('recording the number again in any spelling is refused, naming the one written so, or else the first recorded', () => {
        spec
          .given(legacy)
          .when(lapse({ deductionId: 't-1' }))
          .thenError('DEDUCTION_ALREADY_RECORDED', { deductionId: 't-1', field: 'deductionId' });
        spec
          .given(legacy)
          .when(lapse({ deductionId: 'Ｔ－１' }))
          .thenError('DEDUCTION_ALREADY_RECORDED', { deductionId: 'T-1', field: 'deductionId' });
      });
    });

    it.each(['', '  ', undefined])('a withdrawal needs a reason: %p is refused', (reason) => {
      spec
        .given([conductRecorded])
        .when(withdraw({ reason: reason as string }))
        .thenError('DEDUCTION_WITHDRAWAL_REASON_REQUIRED', { field: 'reason' });
    });

    it('another unit’s or another year’s deduction of the same id is not this stream’s to withdraw', () => {
      spec
        .given([conductRecorded])
        .when(withdraw({ unitId: 'dept-fgj' }))
        .thenError('APPRAISAL_STREAM_MISMATCH');
      spec
        .given([conductRecorded])
        .when(withdraw({ year: 2025 }))
        .thenError('APPRAISAL_STREAM_MISMATCH');
    });
  });

  describe('rules common to every input', () => {
    const commands: [string, C.AppraisalInputsCommand][] = [
      ['RecordSurveyScore', survey()],
      ['RecordConcentratedEvaluationScore', evaluation()],
      ['RecordOnlineVoteScore', onlineVote({ unitId: 'dept-czj' })],
      ['RecordInspectionDeduction', conduct()],
      ['WithdrawInspectionDeduction', withdraw()],
    ];

    it.each(commands)('%s for another unit than the stream’s is refused', (_, command) => {
      spec
        .given([surveyRecorded])
        .when({ ...command, unitId: 'dept-fgj' })
        .thenError('APPRAISAL_STREAM_MISMATCH');
    });

    it.each(commands)('%s for another year than the stream’s is refused', (_, command) => {
      spec
        .given([surveyRecorded])
        .when({ ...command, year: 2025 })
        .thenError('APPRAISAL_STREAM_MISMATCH');
    });

    it.each(commands)('%s for an implausible year is refused', (_, command) => {
      spec
        .given([])
        .when({ ...command, year: 226 })
        .thenError('INVALID_YEAR', { field: 'year' });
    });

    it.each(commands)('%s for a year that has not begun is refused', (_, command) => {
      spec
        .given([])
        .when({ ...command, year: 2027 })
        .thenError('APPRAISAL_YEAR_IN_FUTURE', { field: 'year' });
    });

    it.each(commands)('%s for a unit of unknown kind is refused', (_, command) => {
      for (const unitKind of ['company', 'constructor']) {
        spec
          .given([])
          .when({ ...command, unitKind: unitKind as UnitKind })
          .thenError('APPRAISAL_INPUT_NOT_FOR_UNIT_KIND');
      }
    });
  });

  describe('state', () => {
    it('the latest score counts and its revision shows it was corrected', () => {
      const corrected: AppraisalInputsEvent = {
        type: 'SurveyScoreRecorded',
        data: { ...surveyRecorded.data, score: 84, respondents: 200 },
      };
      expect(replay(appraisalInputsDecider, [surveyRecorded, corrected]).survey).toEqual({
        score: 84,
        sampleSize: 200,
        note: null,
        revision: 2,
      });
    });

    it('deductions add up to the hundredth', () => {
      const lapses = [1, 2, 3].map((n): AppraisalInputsEvent => ({
        type: 'InspectionDeductionRecorded',
        data: {
          unitId: 'dept-czj',
          year: 2026,
          deductionId: `l${n}`,
          kind: 'lapse',
          count: 1,
          points: 0.1,
          reason: '台账不全',
          occurredOn: '2026-05-06',
        },
      }));
      const state = replay(appraisalInputsDecider, [conductRecorded, ...lapses]);
      expect(state.deductions.map((d) => d.deductionId)).toEqual(['dc-2026-031', 'l1', 'l2', 'l3']);
      expect(state.deductedPoints).toBe(1.3);
    });

    it('a withdrawn deduction no longer counts: it leaves the deductions and their sum, and is kept with the reason', () => {
      const lapses = [1, 2].map((n): AppraisalInputsEvent => ({
        type: 'InspectionDeductionRecorded',
        data: {
          unitId: 'dept-czj',
          year: 2026,
          deductionId: `l${n}`,
          kind: 'lapse',
          count: 1,
          points: 0.1,
          reason: '台账不全',
          occurredOn: '2026-05-06',
        },
      }));
      const state = replay(appraisalInputsDecider, [conductRecorded, ...lapses, conductWithdrawn]);
      expect(state.deductions.map((d) => d.deductionId)).toEqual(['l1', 'l2']);
      expect(state.deductedPoints).toBe(0.2);
      expect(state.withdrawnDeductions).toEqual([
        { ...withoutStream(conductData), withdrawal: { reason: '督查记录核实有误，该人员当日在外办事' } },
      ]);
    });

    it('every event type is written at schema version 1', () => {
      const types = [
        'SurveyScoreRecorded',
        'ConcentratedEvaluationScoreRecorded',
        'OnlineVoteScoreRecorded',
        'InspectionDeductionRecorded',
        'InspectionDeductionWithdrawn',
      ] as const;
      expect(types.map((t) => appraisalInputsDecider.schemaVersion(t))).toEqual([1, 1, 1, 1, 1]);
    });
  });
});

/** A deduction's event data as the state keeps it: without the stream's unit and year. */
function withoutStream<T extends { unitId: string; year: number }>({ unitId: _u, year: _y, ...rest }: T): Omit<T, 'unitId' | 'year'> {
  return rest;
}
