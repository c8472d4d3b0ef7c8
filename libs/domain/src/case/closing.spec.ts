import { CALENDAR_YEAR_MISSING } from '../calendar/working-calendar';
import { DeciderSpecification } from '../shared/decider-specification';
import { caseDecider } from './case.decider';
import { CaseErrors as E } from './case.errors';
import { SATISFACTIONS, type AccountabilityForm, type AccountabilityTarget } from './case.model';
import {
  accountabilityIssued,
  accountableCase,
  acknowledgedCase,
  caseClosed,
  caseReopened,
  complaintAccepted,
  complaintFiled,
  dispatchDisputed,
  handledCase,
  handlingReported,
  HOUSING,
  interimReport,
  MARKET,
  noRectificationNeeded,
  NOT_DISPATCHED,
  NOT_OPEN,
  plannedCase,
  readyToClose,
  rectificationRejected,
  rectificationReported,
  rectificationVerified,
  rectifiedCase,
  returnVisitRecorded,
  rules,
  STRANGER,
  unitNotified,
} from './case.fixtures';

const spec = DeciderSpecification.for(caseDecider);

const REOPENED_AT = '2026-10-20T10:00:00+08:00';
/** Round 1 done, the complainant unsatisfied. */
const unsatisfiedCase = [...accountableCase, returnVisitRecorded('unsatisfied')];
/** A measure failed its verification (验收不通过). */
const rejectedMeasureCase = [...plannedCase, rectificationReported('M1'), rectificationRejected('M1')];
const reopenedCase = [...unsatisfiedCase, caseReopened()];
const SECOND_RESULT = '重新核查后为企业开通绿色通道，并书面答复';
const round2Reported = [...reopenedCase, handlingReported(MARKET, { result: SECOND_RESULT })];
/** Round 2 reported, and its rectification decided: the round-1 measures were verified, nothing more to rectify. */
const round2Decided = [...round2Reported, noRectificationNeeded('重办核查未发现新的整改事项')];
/** The same story, told by someone who gave no name. */
const anonymousAccountableCase = [complaintFiled({ complainant: { ref: null, anonymous: true } }), ...accountableCase.slice(1)];

describe('RecordReturnVisit (回访)', () => {
  const visit = (satisfaction: (typeof SATISFACTIONS)[number] = 'satisfied') =>
    ({ type: 'RecordReturnVisit', at: '2026-11-05T15:00:00+08:00', satisfaction, note: '电话回访企业负责人' }) as const;

  it.each(SATISFACTIONS)('records the complainant’s answer “%s”', (satisfaction) => {
    spec
      .given(accountableCase)
      .when(visit(satisfaction))
      .then([{ type: 'ReturnVisitRecorded', data: { satisfaction, note: '电话回访企业负责人' } }]);
  });

  it('refuses to ask again after an unsatisfied answer until the case is reopened', () => {
    spec.given(unsatisfiedCase).when(visit('satisfied')).thenError(E.REOPEN_REQUIRED);
  });

  it('records a visit as soon as the lead unit has reported a result', () => {
    spec
      .given(handledCase)
      .when(visit())
      .then([{ type: 'ReturnVisitRecorded', data: { satisfaction: 'satisfied', note: '电话回访企业负责人' } }]);
  });

  it('refuses to visit an anonymous complainant', () => {
    spec.given(anonymousAccountableCase).when(visit()).thenError(E.COMPLAINANT_ANONYMOUS);
  });

  it('refuses a visit before the lead unit has reported a result', () => {
    spec
      .given([...acknowledgedCase, interimReport(MARKET)])
      .when(visit())
      .thenError(E.HANDLING_NOT_REPORTED);
  });

  it('refuses a visit after reopening until the lead unit reports again', () => {
    spec.given(reopenedCase).when(visit()).thenError(E.HANDLING_NOT_REPORTED);
  });

  it.each([...NOT_OPEN, ...NOT_DISPATCHED])('refuses a visit on %s', (_label, history, code) => {
    spec.given(history).when(visit()).thenError(code);
  });
});

describe('ReopenCase (重办)', () => {
  const reopen = (at = REOPENED_AT, reason = '回访不满意，重新办理') => ({ type: 'ReopenCase', at, reason, rules }) as const;

  it('reopens after an unsatisfied return visit: round 2 for the lead unit, 10 working days from the reopening', () => {
    spec
      .given(unsatisfiedCase)
      .when(reopen())
      .then([caseReopened({ round: 2, leadUnitId: MARKET, handlingDue: '2026-11-03' })]);
  });

  it('reopens after a rejected verification', () => {
    spec
      .given(rejectedMeasureCase)
      .when(reopen(REOPENED_AT, '整改验收未通过'))
      .then([caseReopened({ reason: '整改验收未通过' })]);
  });

  it('counts the rounds on: a second unsatisfied visit reopens round 3', () => {
    spec
      .given([...round2Reported, returnVisitRecorded('unsatisfied')])
      .when(reopen('2026-11-04T10:00:00+08:00'))
      .then([caseReopened({ round: 3, handlingDue: '2026-11-18' })]);
  });

  it('refuses to reopen after a satisfied return visit', () => {
    spec.given(readyToClose).when(reopen()).thenError(E.REOPEN_NOT_ALLOWED);
  });

  it('refuses to reopen after a basically satisfied return visit', () => {
    spec
      .given([...accountableCase, returnVisitRecorded('basically_satisfied')])
      .when(reopen())
      .thenError(E.REOPEN_NOT_ALLOWED);
  });

  it('refuses to reopen with neither an unsatisfied visit nor a rejected verification', () => {
    spec.given(handledCase).when(reopen()).thenError(E.REOPEN_NOT_ALLOWED);
  });

  it('refuses to reopen a second time on the same unsatisfied visit', () => {
    spec.given(reopenedCase).when(reopen()).thenError(E.REOPEN_NOT_ALLOWED);
  });

  // One cause, one reopening: otherwise the reopen rate (重办率) could be inflated and the due date
  // pushed back again and again on a single rejected verification.
  it('refuses to reopen a second time on the same rejected verification', () => {
    spec
      .given([...rejectedMeasureCase, caseReopened({ reason: '整改验收未通过' })])
      .when(reopen())
      .thenError(E.REOPEN_NOT_ALLOWED);
  });

  it('refuses to reopen when no lead unit is left to handle it again', () => {
    spec
      .given([
        ...plannedCase,
        rectificationReported('M2'),
        returnVisitRecorded('unsatisfied'),
        caseReopened(),
        dispatchDisputed(MARKET),
        rectificationRejected('M2'),
      ])
      .when(reopen('2026-10-22T10:00:00+08:00'))
      .thenError(E.LEAD_UNIT_REQUIRED);
  });

  it('refuses a reopening whose due date falls in 2027 while no 2027 calendar is loaded', () => {
    spec.given(unsatisfiedCase).when(reopen('2026-12-21T10:00:00+08:00')).thenError(CALENDAR_YEAR_MISSING, { year: 2027 });
  });

  it.each([...NOT_OPEN, ...NOT_DISPATCHED])('refuses to reopen %s', (_label, history, code) => {
    spec.given(history).when(reopen()).thenError(code);
  });

  describe('after reopening', () => {
    const report = {
      type: 'ReportHandling',
      at: '2026-10-30T16:00:00+08:00',
      unitId: MARKET,
      factsFound: '重新核查',
      factsEstablished: true,
      result: SECOND_RESULT,
    } as const;
    const close = { type: 'CloseCase', at: '2026-11-06T10:00:00+08:00', accountabilityNotRequiredReason: null } as const;

    it('lets the lead unit report handling again (round 2)', () => {
      spec
        .given(reopenedCase)
        .when(report)
        .then([handlingReported(MARKET, { factsFound: '重新核查', result: SECOND_RESULT, reportedAt: report.at })]);
    });

    it('refuses to close until the lead unit has reported again', () => {
      spec.given(reopenedCase).when(close).thenError(E.CLOSURE_GATE_FACTS_MISSING);
    });

    it('refuses to close on the round-1 visit: the complainant is visited again', () => {
      spec.given(round2Decided).when(close).thenError(E.CLOSURE_RETURN_VISIT_MISSING);
    });

    it('closes once round 2 is reported and its rectification decided, and the complainant is satisfied', () => {
      spec
        .given([...round2Decided, returnVisitRecorded('satisfied')])
        .when(close)
        .then([caseClosed()]);
    });
  });
});

describe('IssueAccountability (问责)', () => {
  const BASIS = { facts: '窗口未履行一次性告知义务，致企业三次往返补交材料', rule: '政务服务一次性告知制度' };
  const person: AccountabilityTarget = { kind: 'person', unitId: MARKET, name: '孙立伟', position: '登记注册科科长' };
  const issue = (target: AccountabilityTarget, forms: AccountabilityForm[]) =>
    ({
      type: 'IssueAccountability',
      at: '2026-11-03T10:00:00+08:00',
      accountabilityId: 'WZ-2026-031',
      target,
      forms,
      basis: BASIS,
    }) as const;

  it('holds an organisation accountable with its forms and basis', () => {
    spec
      .given(rectifiedCase)
      .when(issue({ kind: 'organisation', unitId: MARKET }, ['written_self_examination', 'circulated_notice']))
      .then([
        {
          type: 'AccountabilityIssued',
          data: {
            accountabilityId: 'WZ-2026-031',
            target: { kind: 'organisation', unitId: MARKET },
            forms: ['written_self_examination', 'circulated_notice'],
            basis: BASIS,
          },
        },
      ]);
  });

  it('holds a person accountable with combined forms, each recorded once', () => {
    spec
      .given(rectifiedCase)
      .when(issue(person, ['admonishment', 'performance_deduction', 'admonishment']))
      .then([accountabilityIssued({ target: person, forms: ['admonishment', 'performance_deduction'] })]);
  });

  it('holds the unit complained about accountable even when another unit handled the case', () => {
    spec
      .given([complaintFiled(), complaintAccepted(), unitNotified(HOUSING)])
      .when(issue({ kind: 'organisation', unitId: MARKET }, ['circulated_notice']))
      .then([accountabilityIssued({ forms: ['circulated_notice'] })]);
  });

  it('refuses accountability without any form', () => {
    spec.given(rectifiedCase).when(issue(person, [])).thenError(E.ACCOUNTABILITY_FORMS_EMPTY, { field: 'forms' });
  });

  it('refuses a form against an organisation that applies only to a person (诫勉)', () => {
    spec
      .given(rectifiedCase)
      .when(issue({ kind: 'organisation', unitId: MARKET }, ['circulated_notice', 'admonishment']))
      .thenError(E.ACCOUNTABILITY_FORM_NOT_FOR_TARGET, { forms: ['admonishment'] });
  });

  it('refuses a form against a person that applies only to an organisation (改组)', () => {
    spec
      .given(rectifiedCase)
      .when(issue(person, ['reorganisation']))
      .thenError(E.ACCOUNTABILITY_FORM_NOT_FOR_TARGET, { forms: ['reorganisation'] });
  });

  it('refuses accountability against a unit that has no part in the case', () => {
    spec
      .given(rectifiedCase)
      .when(issue({ kind: 'organisation', unitId: STRANGER }, ['circulated_notice']))
      .thenError(E.ACCOUNTABILITY_TARGET_NOT_ON_CASE, { field: 'target.unitId' });
  });

  it.each([...NOT_OPEN, ...NOT_DISPATCHED])('refuses accountability on %s', (_label, history, code) => {
    spec
      .given(history)
      .when(issue(person, ['admonishment']))
      .thenError(code);
  });
});

describe('CloseCase (办结) and the 四不放过 gate', () => {
  const close = (accountabilityNotRequiredReason: string | null = null) =>
    ({ type: 'CloseCase', at: '2026-11-06T10:00:00+08:00', accountabilityNotRequiredReason }) as const;

  it('closes a case that passes the whole gate', () => {
    spec
      .given(readyToClose)
      .when(close())
      .then([{ type: 'CaseClosed', data: { accountabilityNotRequiredReason: null } }]);
  });

  describe('the gate, condition by condition in order', () => {
    it('1. refuses while the facts are not established (问题查清)', () => {
      spec
        .given([...acknowledgedCase, interimReport(MARKET)])
        .when(close())
        .thenError(E.CLOSURE_GATE_FACTS_MISSING);
    });

    it('1. refuses before any handling report', () => {
      spec.given(acknowledgedCase).when(close()).thenError(E.CLOSURE_GATE_FACTS_MISSING);
    });

    it('2. refuses while there is no handling result', () => {
      spec
        .given([...acknowledgedCase, handlingReported(MARKET, { result: null })])
        .when(close())
        .thenError(E.CLOSURE_GATE_RESULT_MISSING);
    });

    it('3. refuses with neither rectification measures nor a reason none are needed', () => {
      spec.given(handledCase).when(close()).thenError(E.CLOSURE_GATE_RECTIFICATION_MISSING);
    });

    it('4. refuses while a measure is not verified, naming it', () => {
      spec
        .given([...plannedCase, rectificationReported('M1'), rectificationVerified('M1'), rectificationReported('M2')])
        .when(close())
        .thenError(E.CLOSURE_GATE_MEASURES_UNVERIFIED, { measureIds: ['M2'] });
    });

    it('4. counts a measure whose verification was rejected as not verified', () => {
      spec
        .given([
          ...plannedCase,
          rectificationReported('M1'),
          rectificationVerified('M1'),
          rectificationReported('M2'),
          rectificationRejected('M2'),
        ])
        .when(close())
        .thenError(E.CLOSURE_GATE_MEASURES_UNVERIFIED, { measureIds: ['M2'] });
    });

    it('5. refuses while accountability is undecided: neither issued nor declared not required, naming the reason it wants', () => {
      spec
        .given(rectifiedCase)
        .when(close())
        .thenError(E.CLOSURE_GATE_ACCOUNTABILITY_UNDECIDED, { field: 'accountabilityNotRequiredReason' });
    });

    it('6. refuses before the complainant is visited', () => {
      spec.given(accountableCase).when(close()).thenError(E.CLOSURE_RETURN_VISIT_MISSING);
    });

    it('7. refuses while the complainant is unsatisfied (reopen instead)', () => {
      spec.given(unsatisfiedCase).when(close()).thenError(E.CLOSURE_RETURN_VISIT_UNSATISFIED);
    });
  });

  it('needs no return visit when the complainant is anonymous', () => {
    spec.given(anonymousAccountableCase).when(close()).then([caseClosed()]);
  });

  it('closes without accountability when the reason none is required is recorded', () => {
    spec
      .given([...rectifiedCase, returnVisitRecorded('satisfied')])
      .when(close('窗口人员系新入职，已批评教育，不予问责'))
      .then([caseClosed('窗口人员系新入职，已批评教育，不予问责')]);
  });

  it('closes without measures when “no rectification needed” is recorded with a reason', () => {
    spec
      .given([...handledCase, noRectificationNeeded(), returnVisitRecorded('satisfied')])
      .when(close('投诉不属实，无人员过错'))
      .then([caseClosed('投诉不属实，无人员过错')]);
  });

  it('closes after a basically satisfied return visit', () => {
    spec
      .given([...accountableCase, returnVisitRecorded('basically_satisfied')])
      .when(close())
      .then([caseClosed()]);
  });

  it.each([...NOT_OPEN, ...NOT_DISPATCHED])('refuses to close %s', (_label, history, code) => {
    spec.given(history).when(close()).thenError(code);
  });
});
