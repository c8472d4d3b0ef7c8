import {
  acknowledgedOn,
  APPRAISED_AS_OF,
  caseFact,
  closedEvent,
  handlingRound,
  ref,
  reportedLate,
  visit,
} from './appraisal-scheme.fixtures';
import { caseIndicator } from './case-indicators';

describe('case-derived indicators of a unit (rates state numerator and denominator)', () => {
  describe('响应率 response rate: signed for by the sign-for due date / cases led', () => {
    it('signing for on the due date counts, the day after does not, not signing at all does not', () => {
      const facts = [
        caseFact('on-due', 'u', { signForDue: '2026-09-28', acknowledged: acknowledgedOn('on-due', '2026-09-28') }),
        caseFact('late', 'u', { signForDue: '2026-09-28', acknowledged: acknowledgedOn('late', '2026-09-29') }),
        caseFact('never', 'u'),
      ];
      expect(caseIndicator('responseRate', facts, APPRAISED_AS_OF)).toMatchObject({
        numerator: 1,
        denominator: 3,
        ratePercent: 33.33,
        score: 33.33,
        cases: [
          { caseId: 'on-due', inNumerator: true },
          { caseId: 'late', inNumerator: false },
          { caseId: 'never', inNumerator: false, events: [ref('case-never', 3)] },
        ],
      });
    });
  });

  describe('按时办结率 on-time completion rate: closed, every round reported by its due date / closed', () => {
    // Was: "no DeadlinePassed for the lead"; now the recorded due dates and report instants decide.
    it('a closed case reported late is not on time; open cases are not counted', () => {
      const facts = [
        caseFact('in-time', 'u', { closed: closedEvent('in-time') }),
        caseFact('overdue', 'u', { closed: closedEvent('overdue'), handlingRounds: reportedLate('overdue', 'u') }),
        caseFact('open', 'u'),
      ];
      const value = caseIndicator('onTimeCompletionRate', facts, APPRAISED_AS_OF);
      expect(value).toMatchObject({ numerator: 1, denominator: 2, ratePercent: 50 });
      expect(value.cases[1]).toEqual({
        caseId: 'overdue',
        inNumerator: false,
        events: [closedEvent('overdue'), ref('case-overdue', 3), ref('case-overdue', 7)],
      });
    });

    it('a case reported late in its first round and in time after reopening (重办) stays not on time', () => {
      const rounds = [
        handlingRound('r', 'u', '2026-10-20T08:00:00.000Z'),
        { ...handlingRound('r', 'u', '2026-11-02T08:00:00.000Z', 2), due: '2026-11-03' },
      ];
      const value = caseIndicator(
        'onTimeCompletionRate',
        [caseFact('r', 'u', { closed: closedEvent('r'), handlingRounds: rounds })],
        APPRAISED_AS_OF,
      );
      expect(value).toMatchObject({ numerator: 0, denominator: 1 });
    });
  });

  describe('办结率 completion rate: closed / cases led', () => {
    it('counts closed cases over all cases led', () => {
      const facts = [
        caseFact('a', 'u', { closed: closedEvent('a') }),
        caseFact('b', 'u'),
        caseFact('c', 'u'),
        caseFact('d', 'u'),
        caseFact('e', 'u'),
        caseFact('f', 'u'),
        caseFact('g', 'u'),
        caseFact('h', 'u'),
      ];
      expect(caseIndicator('completionRate', facts, APPRAISED_AS_OF)).toMatchObject({ numerator: 1, denominator: 8, ratePercent: 12.5 });
    });
  });

  describe('满意率 satisfaction rate: satisfied or basically satisfied / cases with a return visit', () => {
    it('basically satisfied counts as satisfied; cases not visited are not counted', () => {
      const facts = [
        caseFact('s', 'u', { returnVisit: visit('s', 'satisfied') }),
        caseFact('b', 'u', { returnVisit: visit('b', 'basically_satisfied') }),
        caseFact('n', 'u', { returnVisit: visit('n', 'unsatisfied') }),
        caseFact('none', 'u'),
      ];
      expect(caseIndicator('satisfactionRate', facts, APPRAISED_AS_OF)).toMatchObject({
        numerator: 2,
        denominator: 3,
        ratePercent: 66.67,
        score: 66.67,
      });
    });
  });

  describe('重办率 reopen rate: reopened / cases led — lower is better', () => {
    it('scores 100 − the rate', () => {
      const facts = [caseFact('r', 'u', { reopenings: [ref('case-r', 11)] }), caseFact('a', 'u'), caseFact('b', 'u')];
      const value = caseIndicator('reopenRate', facts, APPRAISED_AS_OF);
      expect(value).toMatchObject({ numerator: 1, denominator: 3, ratePercent: 33.33, score: 66.67 });
      expect(value.cases[0].events).toEqual([ref('case-r', 3), ref('case-r', 11)]);
    });
  });

  it('with no case to count the rate is null and the score full marks', () => {
    expect(caseIndicator('responseRate', [], APPRAISED_AS_OF)).toMatchObject({
      numerator: 0,
      denominator: 0,
      ratePercent: null,
      score: 100,
      cases: [],
    });
    expect(caseIndicator('reopenRate', [], APPRAISED_AS_OF)).toMatchObject({ ratePercent: null, score: 100 });
  });

  it('rates are rounded half up to the hundredth of a percent (1/8 = 12.50%, 2/3 = 66.67%, 1/6 = 16.67%)', () => {
    const led = (n: number, closed: number) =>
      Array.from({ length: n }, (_, i) => caseFact(`c${i}`, 'u', i < closed ? { closed: closedEvent(`c${i}`) } : {}));
    expect(caseIndicator('completionRate', led(8, 1), APPRAISED_AS_OF).ratePercent).toBe(12.5);
    expect(caseIndicator('completionRate', led(3, 2), APPRAISED_AS_OF).ratePercent).toBe(66.67);
    expect(caseIndicator('completionRate', led(6, 1), APPRAISED_AS_OF).ratePercent).toBe(16.67);
    expect(caseIndicator('completionRate', led(80_000, 1), APPRAISED_AS_OF).ratePercent).toBe(0); // 0.00125% → 0.00
  });
});
