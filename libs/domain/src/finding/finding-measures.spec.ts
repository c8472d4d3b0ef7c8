import { INVALID_DATE } from '../calendar/working-calendar';
import { replay } from '../shared/decider';
import { DeciderSpecification } from '../shared/decider-specification';
import { openMeasureDeadlines } from '../rectification/measure.rules';
import { DEFAULT_LEDGER_CONFIGURATION } from '../rectification/ledger-configuration';
import { findingDecider } from './finding.decider';
import { FindingErrors as E } from './finding.errors';
import type { MeasureProposal } from './finding.model';
import {
  calendar,
  CALENDAR_2026,
  completionReported,
  CONSTRUCTION,
  LEDGER,
  MEASURES,
  measureCard,
  measureRejected,
  measuresPlanned,
  measureVerified,
  PLANNED_AT,
  plannedFinding,
  progressReported,
  PROPOSALS,
  raisedFinding,
  RECHECK_DUE,
  TAX,
  VERIFIED_AT,
  verifiedFinding,
} from './finding.fixtures';

const spec = DeciderSpecification.for(findingDecider);
/** The first instant after `date` in Beijing, written as UTC: what the scheduler sends. */
const afterDay = (date: string) => `${date}T16:00:00Z`;

const plan = (measures: MeasureProposal[] = PROPOSALS, unitId = CONSTRUCTION, at = PLANNED_AT) =>
  ({ type: 'PlanMeasures', at, unitId, measures, ledger: LEDGER, calendar }) as const;
const complete = (measureId: string, at = '2026-11-12T15:00:00+08:00', unitId = CONSTRUCTION) =>
  ({ type: 'ReportMeasureCompletion', at, unitId, measureId, report: completionReported(measureId).data.report }) as const;
const verify = (measureId: string, approve = true, note: string | null = measureVerified(measureId).data.note, at = VERIFIED_AT) =>
  ({ type: 'VerifyMeasure', at, measureId, approve, note, ledger: LEDGER, calendar }) as const;
const recheck = (confirmed: boolean, note: string | null, newDue: MeasureProposal['due'] | null = null) =>
  ({ type: 'RecheckMeasure', at: '2026-12-21T10:00:00+08:00', measureId: 'M1', confirmed, note, newDue, calendar }) as const;
const mark = (measureId: string, deadline: 'measure_due' | 'recheck', dueDate: string, at = afterDay(dueDate)) =>
  ({ type: 'MarkMeasureDeadlinePassed', at, measureId, deadline, dueDate }) as const;

describe('PlanMeasures (整改措施: 责任单位, 责任领导, 完成时限, size class, category)', () => {
  it('records the measures numbered M1, M2 …, a due date in working days counted on the calendar', () => {
    spec.given(raisedFinding).when(plan()).then([measuresPlanned()]);
  });

  it('numbers a later plan’s measures on from the earlier ones', () => {
    const extra: MeasureProposal = {
      ...PROPOSALS[1],
      description: '向市局反映审批权限下放问题',
      sizeClass: 'escalated',
      due: { date: '2026-12-31' },
    };
    const { due: _d, ...fields } = extra;
    spec
      .given(plannedFinding)
      .when(plan([extra]))
      .then([measuresPlanned([{ measureId: 'M3', ...fields, dueDate: '2026-12-31' }])]);
  });

  it('refuses a measure category that is not configured, naming the measure', () => {
    spec
      .given(raisedFinding)
      .when(plan([PROPOSALS[0], { ...PROPOSALS[1], category: 'miscellaneous' }]))
      .thenError(E.UNKNOWN_MEASURE_CATEGORY, { field: 'measures[1].category' });
  });

  it('refuses a size class that is none of the four', () => {
    spec
      .given(raisedFinding)
      .when(plan([{ ...PROPOSALS[0], sizeClass: 'huge' as never }]))
      .thenError(E.INVALID_SIZE_CLASS, { field: 'measures[0].sizeClass' });
  });

  it('refuses a measure due before today, as a case does', () => {
    spec
      .given(raisedFinding)
      .when(plan([{ ...PROPOSALS[1], due: { date: '2026-10-29' } }]))
      .thenError(E.MEASURE_DUE_IN_PAST, { field: 'measures[0].due' });
  });

  // 9999-12-31 was recorded: a deadline never overdue. A date needs no calendar data, so 2100 is still allowed.
  it('refuses a due date past the years a calendar can cover, and allows one in a year not yet published', () => {
    spec
      .given(raisedFinding)
      .when(plan([{ ...PROPOSALS[1], due: { date: '9999-12-31' } }]))
      .thenError(INVALID_DATE, { field: 'measures[0].due' });
    const { due: _d, ...fields } = PROPOSALS[1];
    spec
      .given(raisedFinding)
      .when(plan([{ ...PROPOSALS[1], due: { date: '2100-12-31' } }]))
      .then([measuresPlanned([{ measureId: 'M1', ...fields, dueDate: '2100-12-31' }])]);
  });

  it('refuses a re-check reopening the measure to a new due date past 2100', () => {
    spec
      .given(verifiedFinding)
      .when(recheck(false, '整改反弹', { date: '2101-01-01' }))
      .thenError(INVALID_DATE, { field: 'newDue' });
  });

  it('refuses a due date of zero working days', () => {
    spec
      .given(raisedFinding)
      .when(plan([{ ...PROPOSALS[0], due: { workingDays: 0, from: '2026-10-30' } }]))
      .thenError(E.INVALID_WORKING_DAYS, { field: 'measures[0].due.workingDays' });
  });

  it('refuses to count into a year the calendar has no data for, naming the measure’s due', () => {
    spec
      .given(raisedFinding)
      .when(plan([PROPOSALS[0], { ...PROPOSALS[1], due: { workingDays: 60, from: '2026-12-01' } }]))
      .thenError('CALENDAR_YEAR_MISSING', { year: 2027, field: 'measures[1].due' });
  });

  it('refuses a plan by a unit the finding is not against', () => {
    spec.given(raisedFinding).when(plan(PROPOSALS, TAX)).thenError(E.FINDING_NOT_YOURS, { unitId: TAX });
  });

  it('refuses an empty plan', () => {
    spec.given(raisedFinding).when(plan([])).thenError(E.MEASURES_EMPTY);
  });
});

describe('reporting progress and completion (进展情况)', () => {
  it('records progress on a planned measure', () => {
    spec
      .given(plannedFinding)
      .when({
        type: 'ReportMeasureProgress',
        at: '2026-11-04T15:00:00+08:00',
        unitId: CONSTRUCTION,
        measureId: 'M1',
        progress: progressReported('M1').data.progress,
      })
      .then([progressReported('M1')]);
  });

  it('records completion of a measure in progress, with when', () => {
    spec
      .given([...plannedFinding, progressReported('M1')])
      .when(complete('M1'))
      .then([completionReported('M1')]);
  });

  it('refuses a report from a unit neither the finding’s nor the measure’s', () => {
    spec
      .given(plannedFinding)
      .when(complete('M1', undefined, TAX))
      .thenError(E.MEASURE_NOT_YOURS, { measureId: 'M1', unitId: TAX });
  });

  it('refuses a second completion report while the first awaits verification', () => {
    spec
      .given([...plannedFinding, completionReported('M1')])
      .when(complete('M1'))
      .thenError(E.MEASURE_NOT_OPEN, { measureStatus: 'reported' });
  });

  it('refuses a measure the finding does not have', () => {
    spec.given(plannedFinding).when(complete('M7')).thenError(E.MEASURE_NOT_FOUND, { measureId: 'M7' });
  });
});

describe('VerifyMeasure (验收)', () => {
  it('verifies a completed measure and schedules its 回头看 the configured working days on', () => {
    spec
      .given([...plannedFinding, completionReported('M1')])
      .when(verify('M1'))
      .then([measureVerified('M1')]);
  });

  it('counts the re-check with the interval in force: the default 60 working days reach into 2027, which has no calendar yet', () => {
    spec
      .given([...plannedFinding, completionReported('M1')])
      .when({ ...verify('M1'), ledger: DEFAULT_LEDGER_CONFIGURATION })
      .thenError('CALENDAR_YEAR_MISSING', { year: 2027 });
  });

  it('rejects with a reason', () => {
    spec
      .given([...plannedFinding, completionReported('M1')])
      .when(verify('M1', false, measureRejected('M1').data.reason))
      .then([measureRejected('M1')]);
  });

  it('refuses a rejection without a reason', () => {
    spec
      .given([...plannedFinding, completionReported('M1')])
      .when(verify('M1', false, null))
      .thenError(E.REJECTION_REASON_REQUIRED, { field: 'note' });
  });

  it('refuses to verify a measure not reported done', () => {
    spec.given(plannedFinding).when(verify('M1')).thenError(E.MEASURE_NOT_REPORTED, { measureStatus: 'planned' });
  });

  describe('a measure rejected, then redone and verified', () => {
    const rejected = [...plannedFinding, completionReported('M1'), measureRejected('M1')];

    it('takes progress and a new completion report after the rejection', () => {
      spec
        .given(rejected)
        .when(complete('M1', '2026-11-18T11:00:00+08:00'))
        .then([completionReported('M1', '2026-11-18T11:00:00+08:00')]);
    });

    it('is verified on the second report', () => {
      spec
        .given([...rejected, progressReported('M1', '2026-11-16T09:00:00+08:00'), completionReported('M1', '2026-11-18T11:00:00+08:00')])
        .when(verify('M1'))
        .then([measureVerified('M1')]);
    });
  });
});

describe('the 回头看 re-check', () => {
  it('fires when its due day ends with no re-check recorded (MeasureDeadlinePassed, recheck)', () => {
    spec
      .given(verifiedFinding)
      .when(mark('M1', 'recheck', RECHECK_DUE))
      .then([measureCard('M1', 'recheck', RECHECK_DUE)]);
  });

  it('then reopens the measure with the reason and a new due date', () => {
    spec
      .given([...verifiedFinding, measureCard('M1', 'recheck', RECHECK_DUE)])
      .when(recheck(false, '回头看抽查：市政项目仍串联审批', { workingDays: 5, from: '2026-12-21' }))
      .then([
        {
          type: 'MeasureReopened',
          data: { measureId: 'M1', reason: '回头看抽查：市政项目仍串联审批', dueDate: '2026-12-28', calendarVersion: CALENDAR_2026 },
        },
      ]);
  });

  it('and the reopened measure is owed again: reported, verified, re-checked anew', () => {
    const reopened = [
      ...verifiedFinding,
      { type: 'MeasureReopened', data: { measureId: 'M1', reason: '未落实', dueDate: '2026-12-28' } } as const,
    ];
    spec
      .given(reopened)
      .when(complete('M1', '2026-12-24T10:00:00+08:00'))
      .then([completionReported('M1', '2026-12-24T10:00:00+08:00')]);
    spec
      .given(reopened)
      .when(mark('M1', 'measure_due', '2026-12-28'))
      .then([measureCard('M1', 'measure_due', '2026-12-28')]);
  });

  it('confirms a rectification that held', () => {
    spec
      .given(verifiedFinding)
      .when(recheck(true, '回头看：并联审批运行正常'))
      .then([
        {
          type: 'MeasureRecheckConfirmed',
          data: { measureId: 'M1', note: '回头看：并联审批运行正常', recheckedAt: '2026-12-21T10:00:00+08:00' },
        },
      ]);
  });

  it('records no card for a re-check already confirmed', () => {
    spec
      .given([
        ...verifiedFinding,
        { type: 'MeasureRecheckConfirmed', data: { measureId: 'M1', note: null, recheckedAt: '2026-12-10T10:00:00+08:00' } },
      ])
      .when(mark('M1', 'recheck', RECHECK_DUE))
      .thenNothing();
  });

  it('refuses a re-check of a measure not verified', () => {
    spec.given(plannedFinding).when(recheck(true, null)).thenError(E.MEASURE_NOT_VERIFIED, { measureStatus: 'planned' });
  });

  it('refuses to reopen without saying what was found, or without a new due date', () => {
    spec
      .given(verifiedFinding)
      .when(recheck(false, null, { date: '2026-12-31' }))
      .thenError(E.REOPEN_REASON_REQUIRED);
    spec.given(verifiedFinding).when(recheck(false, '未落实')).thenError(E.NEW_DUE_REQUIRED, { field: 'newDue' });
  });

  it('refuses a new due date before today', () => {
    spec
      .given(verifiedFinding)
      .when(recheck(false, '未落实', { date: '2026-12-18' }))
      .thenError(E.MEASURE_DUE_IN_PAST, { field: 'newDue' });
  });

  it('refuses a new due counted into a year the calendar has no data for, naming newDue', () => {
    spec
      .given(verifiedFinding)
      .when(recheck(false, '未落实', { workingDays: 30, from: '2026-12-21' }))
      .thenError('CALENDAR_YEAR_MISSING', { year: 2027, field: 'newDue' });
  });
});

describe('MarkMeasureDeadlinePassed on a finding (the shared measure card)', () => {
  it('records the red card of a measure not done when its due day ended', () => {
    spec
      .given(plannedFinding)
      .when(mark('M2', 'measure_due', '2026-11-06'))
      .then([measureCard('M2', 'measure_due', '2026-11-06')]);
  });

  it('records nothing for a measure completed in time', () => {
    spec
      .given([...plannedFinding, completionReported('M1', '2026-11-13T17:30:00+08:00')])
      .when(mark('M1', 'measure_due', '2026-11-13'))
      .thenNothing();
  });

  it('records the card for a completion reported after the due day, before the scheduler asked', () => {
    spec
      .given([...plannedFinding, completionReported('M1', '2026-11-14T09:00:00+08:00')])
      .when(mark('M1', 'measure_due', '2026-11-13', '2026-11-14T10:00:00+08:00'))
      .then([measureCard('M1', 'measure_due', '2026-11-13')]);
  });

  it('refuses while the due day has not ended in Beijing', () => {
    spec
      .given(plannedFinding)
      .when(mark('M1', 'measure_due', '2026-11-13', '2026-11-13T23:59:59+08:00'))
      .thenError(E.DEADLINE_NOT_YET_PASSED, { dueDate: '2026-11-13' });
  });
});

describe('the measure deadlines still watched (the scheduler’s table, the cards)', () => {
  it('are the due dates of measures owed and the re-check of a verified measure, not a deadline already carded', () => {
    const state = replay(findingDecider, [...verifiedFinding, measureCard('M2', 'measure_due', '2026-11-06')]);
    expect(openMeasureDeadlines(state.measures)).toEqual([
      { measureId: 'M1', deadline: 'recheck', unitId: CONSTRUCTION, dueDate: RECHECK_DUE },
    ]);
  });

  it('are both due dates while both measures are owed', () => {
    const state = replay(findingDecider, plannedFinding);
    expect(openMeasureDeadlines(state.measures)).toEqual(
      MEASURES.map((m) => ({ measureId: m.measureId, deadline: 'measure_due', unitId: CONSTRUCTION, dueDate: m.dueDate })),
    );
  });
});
