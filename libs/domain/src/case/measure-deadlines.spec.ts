import { openMeasureDeadlines } from '../rectification/measure.rules';
import { replay } from '../shared/decider';
import { DeciderSpecification } from '../shared/decider-specification';
import { caseDecider } from './case.decider';
import { CaseErrors as E } from './case.errors';
import type { MeasureDeadlinePassed } from '../rectification/measure-deadline';
import {
  MARKET,
  plannedCase,
  rectificationRejected,
  rectificationReported,
  rectificationReportedWithoutInstant,
  rectificationVerified,
} from './case.fixtures';

const spec = DeciderSpecification.for(caseDecider);

// The fixtures' plan: M1 due Friday 30 Oct 2026, M2 due Friday 20 Nov 2026, both the market
// regulator's. The scheduler asks once the due day has ended in Beijing (midnight UTC+8 = 16:00Z).
const M1_DUE = '2026-10-30';
const AFTER_M1_DUE = '2026-10-30T16:00:00Z';

/** Reported done on the Thursday before M1's due day; and on the Monday after it, late. */
const REPORTED_IN_TIME = '2026-10-29T10:00:00+08:00';
const REPORTED_LATE = '2026-11-02T10:00:00+08:00';
/** The scheduler asking only on Tuesday 3 Nov, after both reports (it was down, or behind). */
const SCHEDULER_BACK = '2026-11-03T09:00:00+08:00';

const markMeasure = (measureId: string, dueDate: string, at = AFTER_M1_DUE) =>
  ({ type: 'MarkMeasureDeadlinePassed', at, measureId, deadline: 'measure_due', dueDate }) as const;

const measureCard = (measureId = 'M1', dueDate = M1_DUE): MeasureDeadlinePassed => ({
  type: 'MeasureDeadlinePassed',
  data: { measureId, deadline: 'measure_due', unitId: MARKET, dueDate },
});

describe('MarkMeasureDeadlinePassed on a case (the shared measure card, issued by the scheduler)', () => {
  it('records the red card of a measure not reported done when its due day ended', () => {
    spec.given(plannedCase).when(markMeasure('M1', M1_DUE)).then([measureCard()]);
  });

  it('records nothing for a measure reported done before its due day ended', () => {
    spec
      .given([...plannedCase, rectificationReported('M1')])
      .when(markMeasure('M1', M1_DUE))
      .thenNothing();
  });

  it('records nothing for a measure reported done at the last moment of its due day in Beijing', () => {
    spec
      .given([...plannedCase, rectificationReported('M1', MARKET, '2026-10-30T23:59:59.999+08:00')])
      .when(markMeasure('M1', M1_DUE))
      .thenNothing();
  });

  it('records nothing for a measure reported in time when the scheduler asks days late (it was down): the report’s instant decides', () => {
    spec
      .given([...plannedCase, rectificationReported('M1', MARKET, REPORTED_IN_TIME)])
      .when(markMeasure('M1', M1_DUE, SCHEDULER_BACK))
      .thenNothing();
  });

  it('still records the card for a measure reported done after its due day, when the scheduler asks only after the report', () => {
    spec
      .given([...plannedCase, rectificationReported('M1', MARKET, REPORTED_LATE)])
      .when(markMeasure('M1', M1_DUE, SCHEDULER_BACK))
      .then([measureCard()]);
  });

  it('records the same card whether the scheduler asks before or after a late report', () => {
    const askedBefore = caseDecider.decide(markMeasure('M1', M1_DUE), replay(caseDecider, plannedCase));
    const reportedLate = replay(caseDecider, [...plannedCase, rectificationReported('M1', MARKET, REPORTED_LATE)]);
    const askedAfter = caseDecider.decide(markMeasure('M1', M1_DUE, SCHEDULER_BACK), reportedLate);
    expect(askedBefore).toEqual([measureCard()]);
    expect(askedAfter).toEqual(askedBefore);
  });

  it('still records the card for a measure reported late and since verified: approval does not make late work on time', () => {
    spec
      .given([...plannedCase, rectificationReported('M1', MARKET, REPORTED_LATE), rectificationVerified('M1')])
      .when(markMeasure('M1', M1_DUE, SCHEDULER_BACK))
      .then([measureCard()]);
  });

  it('records the card for a measure whose rejected report was done again only after its due day', () => {
    spec
      .given([
        ...plannedCase,
        rectificationReported('M1', MARKET, REPORTED_IN_TIME),
        rectificationRejected('M1'),
        rectificationReported('M1', MARKET, REPORTED_LATE),
      ])
      .when(markMeasure('M1', M1_DUE, SCHEDULER_BACK))
      .then([measureCard()]);
  });

  it('records nothing for a measure reported before the report recorded its instant: such a report counts as in time', () => {
    spec
      .given([...plannedCase, rectificationReportedWithoutInstant('M1')])
      .when(markMeasure('M1', M1_DUE, SCHEDULER_BACK))
      .thenNothing();
  });

  it('records the card for a measure whose report was rejected: rejected work is not done', () => {
    spec
      .given([...plannedCase, rectificationReported('M1'), rectificationRejected('M1')])
      .when(markMeasure('M1', M1_DUE))
      .then([measureCard()]);
  });

  it('records nothing for a verified measure', () => {
    spec
      .given([...plannedCase, rectificationReported('M1'), rectificationVerified('M1')])
      .when(markMeasure('M1', M1_DUE))
      .thenNothing();
  });

  it('records a measure’s card once: the scheduler asking again records nothing', () => {
    spec
      .given([...plannedCase, measureCard()])
      .when(markMeasure('M1', M1_DUE))
      .thenNothing();
  });

  it('records nothing for a date that is not the measure’s due date', () => {
    spec.given(plannedCase).when(markMeasure('M2', M1_DUE)).thenNothing();
  });

  it('records nothing for a re-check deadline: a case’s measures have no 回头看 of their own', () => {
    spec
      .given([...plannedCase, rectificationReported('M1'), rectificationVerified('M1')])
      .when({ ...markMeasure('M1', M1_DUE), deadline: 'recheck' })
      .thenNothing();
  });

  it('refuses while the due day has not ended in Beijing', () => {
    spec
      .given(plannedCase)
      .when(markMeasure('M1', M1_DUE, '2026-10-30T15:59:59Z'))
      .thenError(E.DEADLINE_NOT_YET_PASSED, { dueDate: M1_DUE });
  });

  it('refuses a measure the case does not have', () => {
    spec.given(plannedCase).when(markMeasure('M9', M1_DUE)).thenError(E.MEASURE_NOT_FOUND, { measureId: 'M9' });
  });

  it('still accepts the late report after the card: the card presses, it does not forbid', () => {
    spec
      .given([...plannedCase, measureCard()])
      .when({ type: 'ReportRectification', at: REPORTED_LATE, unitId: MARKET, measureId: 'M1', report: '已补充公示' })
      .then([
        { type: 'RectificationReported', data: { measureId: 'M1', unitId: MARKET, report: '已补充公示', reportedAt: REPORTED_LATE } },
      ]);
  });
});

describe('the measure deadlines of a case still watched (the scheduler’s table, the cards)', () => {
  const deadlinesAfter = (history: typeof plannedCase) => openMeasureDeadlines(replay(caseDecider, history).measures);
  const due = (measureId: string, dueDate: string) => ({ measureId, deadline: 'measure_due', unitId: MARKET, dueDate });

  it('are the due dates of the measures still owed', () => {
    expect(deadlinesAfter(plannedCase)).toEqual([due('M1', M1_DUE), due('M2', '2026-11-20')]);
  });

  it('drop a measure reported done, and take it back when its report is rejected', () => {
    expect(deadlinesAfter([...plannedCase, rectificationReported('M1')])).toEqual([due('M2', '2026-11-20')]);
    expect(deadlinesAfter([...plannedCase, rectificationReported('M1'), rectificationRejected('M1')])).toEqual([
      due('M1', M1_DUE),
      due('M2', '2026-11-20'),
    ]);
  });

  it('never include a re-check: a verified case measure is done with', () => {
    expect(deadlinesAfter([...plannedCase, rectificationReported('M1'), rectificationVerified('M1')])).toEqual([due('M2', '2026-11-20')]);
  });

  it('drop a deadline already carded', () => {
    expect(deadlinesAfter([...plannedCase, measureCard()])).toEqual([due('M2', '2026-11-20')]);
  });
});
