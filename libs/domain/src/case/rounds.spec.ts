import { CALENDAR_YEAR_MISSING } from '../calendar/working-calendar';
import { DeciderSpecification } from '../shared/decider-specification';
import { caseDecider } from './case.decider';
import { CaseErrors as E } from './case.errors';
import { UnitErrors } from '../unit/unit.errors';
import type { CaseEvent } from './case.events';
import type { MeasurePlan } from './case.model';
import {
  acceptedCase,
  accountabilityIssued,
  caseClosed,
  caseReopened,
  closedCase,
  coHandledCase,
  deadlinePassed,
  filedCase,
  handledCase,
  handlingReported,
  MARKET,
  MEASURES,
  noRectificationNeeded,
  plannedCase,
  readyToClose,
  rectificationPlanned,
  rectificationRejected,
  rectificationReported,
  rectificationVerified,
  rejectedCase,
  returnVisitRecorded,
  rules,
  WINDOW,
} from './case.fixtures';

/**
 * A reopening (重办) starts a new round in every respect the case rules look at: the lead unit's
 * handling report, its rectification plan, the return visit and the cause of a reopening start
 * afresh; the measures planned (each still to be verified), accountability issued, sign-for and the
 * co-handling units' parts carry over (docs/rules.md#reopening-and-rounds-重办). The round-1 stories
 * below end with an unsatisfied visit and a reopening on Tuesday 20 October: handled again by 3 Nov.
 */
const spec = DeciderSpecification.for(caseDecider);

const PLANS: MeasurePlan[] = MEASURES.map(({ measureId: _id, ...plan }) => plan);
const IN_ROUND_2 = '2026-10-26T10:00:00+08:00';
const SECOND_RESULT = '重新核查后为企业开通绿色通道，并书面答复';
const reportedAgain = handlingReported(MARKET, { result: SECOND_RESULT, reportedAt: IN_ROUND_2 });

/** Round 1 found no rectification needed; the complainant was unsatisfied; the case is reopened. */
const reopenedAfterNoRectification: readonly CaseEvent[] = [
  ...handledCase,
  noRectificationNeeded(),
  accountabilityIssued(),
  returnVisitRecorded('unsatisfied'),
  caseReopened(),
];
/** Round 1 planned two measures, both verified; the complainant was unsatisfied; the case is reopened. */
const reopenedAfterMeasures: readonly CaseEvent[] = [...readyToClose.slice(0, -1), returnVisitRecorded('unsatisfied'), caseReopened()];
/** Round 1's measure M1 failed its verification (验收不通过); the case is reopened for it. */
const reopenedAfterRejection: readonly CaseEvent[] = [
  ...plannedCase,
  rectificationReported('M1'),
  rectificationRejected('M1'),
  caseReopened({ reason: '整改验收未通过' }),
];

const plan = (over: { measures?: MeasurePlan[]; noRectificationReason?: string | null } = {}) =>
  ({ type: 'PlanRectification', at: IN_ROUND_2, unitId: MARKET, measures: PLANS, noRectificationReason: null, ...over }) as const;
const report = (unitId = MARKET) =>
  ({ type: 'ReportHandling', at: IN_ROUND_2, unitId, factsFound: '重新核查', factsEstablished: true, result: SECOND_RESULT }) as const;
const close = (accountabilityNotRequiredReason: string | null = null) =>
  ({ type: 'CloseCase', at: '2026-11-06T10:00:00+08:00', accountabilityNotRequiredReason }) as const;

describe('A new round (重办): what starts afresh', () => {
  describe('handling report: per round', () => {
    it('lets the lead unit report again although its round-1 report was complete', () => {
      spec
        .given(reopenedAfterNoRectification)
        .when(report())
        .then([handlingReported(MARKET, { factsFound: '重新核查', result: SECOND_RESULT, reportedAt: IN_ROUND_2 })]);
    });

    it('refuses a second complete report within round 2', () => {
      spec
        .given([...reopenedAfterNoRectification, reportedAgain])
        .when(report())
        .thenError(E.UNIT_ALREADY_REPORTED);
    });
  });

  describe('rectification plan: per round', () => {
    // The issue's example: round 1 needed no rectification, round 2's handling finds some.
    it('lets the lead plan measures in round 2 although round 1 found no rectification needed', () => {
      spec
        .given([...reopenedAfterNoRectification, reportedAgain])
        .when(plan())
        .then([rectificationPlanned()]);
    });

    it('refuses a plan in round 2 before the lead has reported again', () => {
      spec.given(reopenedAfterNoRectification).when(plan()).thenError(E.HANDLING_NOT_REPORTED);
    });

    it('lets the lead state that round 2 needs no further rectification although round 1 planned measures', () => {
      spec
        .given([...reopenedAfterMeasures, reportedAgain])
        .when(plan({ measures: [], noRectificationReason: '原整改措施已验收，重办未发现新的问题' }))
        .then([noRectificationNeeded('原整改措施已验收，重办未发现新的问题')]);
    });

    it('still keeps measures and “none needed” apart within round 2', () => {
      spec
        .given([...reopenedAfterNoRectification, reportedAgain, noRectificationNeeded('重办核查未发现新的问题')])
        .when(plan())
        .thenError(E.RECTIFICATION_ALREADY_PLANNED);
    });

    it('numbers round 2’s measures on from round 1’s', () => {
      const extra = { ...PLANS[0], description: '针对回访反映的遗留问题开展专项检查' };
      spec
        .given([...reopenedAfterMeasures, reportedAgain])
        .when(plan({ measures: [extra] }))
        .then([rectificationPlanned([{ measureId: 'M3', ...extra }])]);
    });
  });

  describe('return visit: per round', () => {
    it('visits the complainant again once round 2 has a result, although round 1’s answer was unsatisfied', () => {
      spec
        .given([...reopenedAfterNoRectification, reportedAgain])
        .when({ type: 'RecordReturnVisit', at: '2026-10-28T15:00:00+08:00', satisfaction: 'satisfied', note: null })
        .then([{ type: 'ReturnVisitRecorded', data: { satisfaction: 'satisfied', note: null } }]);
    });
  });

  describe('extension request: per round', () => {
    it('lets the lead ask for more time in round 2, against round 2’s due date, although it had reported in round 1', () => {
      spec
        .given(reopenedAfterNoRectification)
        .when({ type: 'RequestExtension', at: '2026-11-02T10:00:00+08:00', unitId: MARKET, reason: '需再次现场核查', workingDays: 3 })
        .then([{ type: 'ExtensionRequested', data: { unitId: MARKET, reason: '需再次现场核查', workingDays: 3 } }]);
    });

    it('refuses it once round 2’s due date has ended', () => {
      spec
        .given(reopenedAfterNoRectification)
        .when({ type: 'RequestExtension', at: '2026-11-04T10:00:00+08:00', unitId: MARKET, reason: '需再次现场核查', workingDays: 3 })
        .thenError(E.EXTENSION_AFTER_DEADLINE, { handlingDue: '2026-11-03' });
    });
  });

  describe('handling deadline: per round', () => {
    const mark = (dueDate: string) =>
      ({ type: 'MarkDeadlinePassed', at: '2026-11-04T00:00:05+08:00', deadline: 'handling', unitId: MARKET, dueDate }) as const;

    it('marks round 2’s due date passed when the lead has not reported again by then', () => {
      spec
        .given(reopenedAfterNoRectification)
        .when(mark('2026-11-03'))
        .then([deadlinePassed('handling', '2026-11-03')]);
    });

    it('no longer watches round 1’s due date', () => {
      spec.given(reopenedAfterNoRectification).when(mark('2026-10-15')).thenNothing();
    });
  });

  describe('cause of a reopening: per round', () => {
    it('needs a new cause in round 2: a verification rejected in round 1 reopened the case once', () => {
      spec
        .given(reopenedAfterRejection)
        .when({ type: 'ReopenCase', at: '2026-10-22T10:00:00+08:00', reason: '整改验收未通过', rules })
        .thenError(E.REOPEN_NOT_ALLOWED);
    });
  });

  describe('closure gate (四不放过) in round 2', () => {
    it('refuses to close before the lead has reported in round 2', () => {
      spec.given(reopenedAfterNoRectification).when(close()).thenError(E.CLOSURE_GATE_FACTS_MISSING);
    });

    it('refuses to close until rectification is decided in round 2, although round 1 decided it', () => {
      spec
        .given([...reopenedAfterMeasures, reportedAgain, returnVisitRecorded('satisfied')])
        .when(close())
        .thenError(E.CLOSURE_GATE_RECTIFICATION_MISSING);
    });

    it('refuses to close while round 2’s new measures are not verified', () => {
      spec
        .given([...reopenedAfterNoRectification, reportedAgain, rectificationPlanned(), returnVisitRecorded('satisfied')])
        .when(close())
        .thenError(E.CLOSURE_GATE_MEASURES_UNVERIFIED, { measureIds: ['M1', 'M2'] });
    });

    it('still needs round 1’s rejected measure verified: measures carry over', () => {
      spec
        .given([
          ...reopenedAfterRejection,
          reportedAgain,
          noRectificationNeeded('重办仅需落实原措施'),
          rectificationReported('M2'),
          rectificationVerified('M2'),
        ])
        .when(close('窗口人员系新入职，不予问责'))
        .thenError(E.CLOSURE_GATE_MEASURES_UNVERIFIED, { measureIds: ['M1'] });
    });

    it('lets round 1’s rejected measure be reported again in round 2', () => {
      spec
        .given([...reopenedAfterRejection, reportedAgain])
        .when({ type: 'ReportRectification', at: IN_ROUND_2, unitId: MARKET, measureId: 'M1', report: '补充公示材料' })
        .then([
          { type: 'RectificationReported', data: { measureId: 'M1', unitId: MARKET, report: '补充公示材料', reportedAt: IN_ROUND_2 } },
        ]);
    });

    it('counts accountability issued in round 1 at closing in round 2: accountability is per case', () => {
      spec
        .given([
          ...reopenedAfterNoRectification,
          reportedAgain,
          noRectificationNeeded('重办核查未发现新的问题'),
          returnVisitRecorded('satisfied'),
        ])
        .when(close())
        .then([caseClosed()]);
    });

    it('refuses to close on round 1’s visit: the complainant is visited again in round 2', () => {
      spec
        .given([...reopenedAfterNoRectification, reportedAgain, noRectificationNeeded('重办核查未发现新的问题')])
        .when(close())
        .thenError(E.CLOSURE_RETURN_VISIT_MISSING);
    });
  });
});

describe('A new round (重办): what carries over', () => {
  it('keeps a co-handling unit’s report: it is not asked to report again', () => {
    spec
      .given([...coHandledCase, handlingReported(WINDOW), handlingReported(MARKET), returnVisitRecorded('unsatisfied'), caseReopened()])
      .when(report(WINDOW))
      .thenError(E.UNIT_ALREADY_REPORTED);
  });

  it('keeps the lead’s sign-for: it reports in round 2 without signing for again', () => {
    spec
      .given(reopenedAfterMeasures)
      .when({ type: 'AcknowledgeCase', at: IN_ROUND_2, unitId: MARKET })
      .thenError(E.UNIT_ALREADY_ACKNOWLEDGED);
  });
});

describe('ReopenClosedCase (回头看: the discipline office reopens a closed case)', () => {
  const LOOKED_BACK_AT = '2026-11-20T10:00:00+08:00'; // Friday
  const REASON = '回头看发现整改流于形式，群众反映问题仍然存在';
  const reopenClosed = (at = LOOKED_BACK_AT, retiredUnitIds: readonly string[] = []) =>
    ({ type: 'ReopenClosedCase', at, reason: REASON, rules, retiredUnitIds }) as const;
  const lookedBack = caseReopened({ reason: REASON, round: 2, handlingDue: '2026-12-04', lookBack: true });

  it('reopens a closed case in a new round for its lead unit, due 10 working days from the review', () => {
    spec.given(closedCase).when(reopenClosed()).then([lookedBack]);
  });

  it('counts the rounds on from the closed case’s last round', () => {
    const closedInRound2 = [
      ...reopenedAfterNoRectification,
      reportedAgain,
      noRectificationNeeded('重办核查未发现新的问题'),
      returnVisitRecorded('satisfied'),
      caseClosed(),
    ];
    spec
      .given(closedInRound2)
      .when(reopenClosed())
      .then([caseReopened({ reason: REASON, round: 3, handlingDue: '2026-12-04', lookBack: true })]);
  });

  it('puts the case back in progress: the lead unit reports again', () => {
    spec
      .given([...closedCase, lookedBack])
      .when({ ...report(), at: '2026-11-25T10:00:00+08:00' })
      .then([handlingReported(MARKET, { factsFound: '重新核查', result: SECOND_RESULT, reportedAt: '2026-11-25T10:00:00+08:00' })]);
  });

  it('lets the lead plan measures again, and intake reopen the new round after an unsatisfied visit', () => {
    const round2 = [...closedCase, lookedBack, reportedAgain];
    spec
      .given(round2)
      .when(plan({ measures: [PLANS[0]] }))
      .then([rectificationPlanned([{ measureId: 'M3', ...PLANS[0] }])]);
    spec
      .given([...round2, returnVisitRecorded('unsatisfied')])
      .when({ type: 'ReopenCase', at: '2026-11-27T10:00:00+08:00', reason: '回访不满意', rules })
      .then([caseReopened({ reason: '回访不满意', round: 3, handlingDue: '2026-12-11' })]);
  });

  it('refuses to close the reopened case until the new round passes the gate', () => {
    spec
      .given([...closedCase, lookedBack])
      .when(close())
      .thenError(E.CLOSURE_GATE_FACTS_MISSING);
  });

  it('closes the reopened case again once the new round passes the gate, counting the earlier accountability', () => {
    spec
      .given([...closedCase, lookedBack, reportedAgain, noRectificationNeeded('原措施已重新落实'), returnVisitRecorded('satisfied')])
      .when(close())
      .then([caseClosed()]);
  });

  it('refuses a case whose lead unit has been retired since it closed: UNIT_RETIRED naming the unit, nothing recorded', () => {
    spec
      .given(closedCase)
      .when(reopenClosed(LOOKED_BACK_AT, [MARKET]))
      .thenError(UnitErrors.UNIT_RETIRED, { unitId: MARKET });
  });

  it('reopens a case whose other units have been retired since, as long as its lead has not', () => {
    spec
      .given(closedCase)
      .when(reopenClosed(LOOKED_BACK_AT, ['dept-retired-elsewhere']))
      .then([lookedBack]);
  });

  it('refuses a case still in progress: intake reopens that, for a cause', () => {
    spec.given(readyToClose).when(reopenClosed()).thenError(E.CASE_NOT_CLOSED, { caseStatus: 'in_progress' });
  });

  it.each([
    ['a complaint not yet accepted', filedCase, E.CASE_NOT_CLOSED],
    ['an accepted complaint not yet dispatched', acceptedCase, E.CASE_NOT_CLOSED],
    ['a rejected complaint', rejectedCase, E.CASE_REJECTED],
    ['a case that does not exist', [], E.CASE_NOT_FOUND],
  ] as const)('refuses %s', (_label, history, code) => {
    spec.given(history).when(reopenClosed()).thenError(code);
  });

  it('refuses a review whose new due date falls in 2027 while no 2027 calendar is loaded', () => {
    spec.given(closedCase).when(reopenClosed('2026-12-21T10:00:00+08:00')).thenError(CALENDAR_YEAR_MISSING, { year: 2027 });
  });

  it('leaves intake’s reopening refused on a closed case', () => {
    spec.given(closedCase).when({ type: 'ReopenCase', at: LOOKED_BACK_AT, reason: '回访不满意', rules }).thenError(E.CASE_CLOSED);
  });
});
