import { DeadlineRules } from '../calendar/deadline-rules';
import { DEFAULT_TIME_LIMIT_POLICY, UNKNOWN_CATEGORY, type TimeLimitPolicy } from '../calendar/time-limit-policy';
import { CALENDAR_YEAR_MISSING, INVALID_DATE } from '../calendar/working-calendar';
import { DeciderSpecification, givenFor, refusal } from '../shared/decider-specification';
import { caseDecider } from './case.decider';
import { CaseErrors as E } from './case.errors';
import { SUPERVISION_LEVELS } from './case.model';
import {
  acceptedCase,
  acknowledgedCase,
  INHERITED_NAMES,
  caseTransferred,
  calendar,
  CALENDAR_2026,
  coHandledCase,
  complaintAccepted,
  complaintFiled,
  dispatchDisputed,
  dispatchedCase,
  FILED_AT,
  fileComplaint,
  filedCase,
  handledCase,
  HOUSING,
  LEADERS,
  MARKET,
  NOT_DISPATCHED,
  NOT_OPEN,
  NOTIFIED_AT,
  rules,
  transferredCase,
  unitNotified,
  UNITS_NOT_ON_CASE,
  WINDOW,
} from './case.fixtures';

const spec = DeciderSpecification.for(caseDecider);
const given = givenFor(caseDecider);

describe('FileComplaint (登记)', () => {
  it('records the complaint as received, the complainant only by reference', () => {
    spec.given([]).when(fileComplaint()).then([complaintFiled()]);
  });

  it('records an anonymous complaint without any complainant reference', () => {
    spec
      .given([])
      .when(fileComplaint({ complainant: { ref: null, anonymous: true } }))
      .then([complaintFiled({ complainant: { ref: null, anonymous: true } })]);
  });

  it('refuses to file a case that already exists', () => {
    spec.given(filedCase).when(fileComplaint()).thenError(E.CASE_ALREADY_EXISTS);
  });

  it('refuses a receipt time later than the moment of filing', () => {
    spec
      .given([])
      .when(fileComplaint({ receivedAt: '2026-09-24T09:20:01+08:00', at: FILED_AT }))
      .thenError(E.RECEIVED_AT_IN_FUTURE, { field: 'receivedAt' });
  });

  // Each once passed as "not later than now" (Date.parse gave NaN) and was recorded: the read models
  // could not store it, and their projector stopped on the event.
  it.each([
    '2026',
    '2026-W01-1',
    '2026-01-01T00',
    '20260101T000000Z',
    '2026-01-01T00:00:00,5Z',
    '2026-09-24',
    '2026-09-24T09:00:00', // no offset: it would depend on the server's time zone
    '2026-02-30T09:00:00+08:00',
    '2026-09-24T24:00:00+08:00',
    '',
  ])('refuses a receipt time %p that is no instant with its offset', (receivedAt) => {
    spec.given([]).when(fileComplaint({ receivedAt })).thenError(INVALID_DATE, { field: 'receivedAt' });
  });

  it('refuses a receipt time before the years the working calendar covers: the case could never be dispatched', () => {
    spec
      .given([])
      .when(fileComplaint({ receivedAt: '1900-01-01T00:00:00Z' }))
      .thenError(INVALID_DATE, { field: 'receivedAt' });
    spec
      .given([])
      .when(fileComplaint({ receivedAt: '1999-12-31T15:59:59Z' }))
      .thenError(INVALID_DATE, { field: 'receivedAt' });
    // 1999-12-31T16:00Z is already 2000-01-01 in Beijing: a year an admin may publish a calendar for.
    const receivedAt = '1999-12-31T16:00:00Z';
    spec
      .given([])
      .when(fileComplaint({ receivedAt }))
      .then([complaintFiled({ receivedAt })]);
  });

  it('refuses a category that is not in the time-limit taxonomy in force, naming the field that gave it', () => {
    spec
      .given([])
      .when(fileComplaint({ category: 'noise_nuisance' }))
      .thenError(UNKNOWN_CATEGORY, { field: 'category', category: 'noise_nuisance' });
  });
});

describe('AcceptComplaint (受理)', () => {
  const accept = { type: 'AcceptComplaint', at: '2026-09-24T09:40:00+08:00', note: '属于受理范围，予以受理' } as const;

  it('accepts a filed complaint', () => {
    spec
      .given(filedCase)
      .when(accept)
      .then([complaintAccepted('属于受理范围，予以受理')]);
  });

  it('refuses to accept a complaint twice', () => {
    spec.given(acceptedCase).when(accept).thenError(E.CASE_NOT_AWAITING_ACCEPTANCE);
  });

  it('refuses to accept a complaint already dispatched', () => {
    spec.given(dispatchedCase).when(accept).thenError(E.CASE_NOT_AWAITING_ACCEPTANCE);
  });

  it.each(NOT_OPEN)('refuses to accept %s', (_label, history, code) => {
    spec.given(history).when(accept).thenError(code);
  });
});

describe('RejectComplaint (不予受理)', () => {
  const reject = { type: 'RejectComplaint', at: '2026-09-24T09:40:00+08:00', reason: '已进入行政复议程序' } as const;

  it('rejects a filed complaint with its reason', () => {
    spec
      .given(filedCase)
      .when(reject)
      .then([{ type: 'ComplaintRejected', data: { reason: '已进入行政复议程序' } }]);
  });

  it('refuses to reject a complaint already accepted', () => {
    spec.given(acceptedCase).when(reject).thenError(E.CASE_NOT_AWAITING_ACCEPTANCE);
  });

  it.each(NOT_OPEN)('refuses to reject %s', (_label, history, code) => {
    spec.given(history).when(reject).thenError(code);
  });
});

describe('NotifyUnit (交办)', () => {
  const notify = (unitId = MARKET, over: { at?: string; role?: 'lead' | 'co'; rules?: DeadlineRules } = {}) =>
    ({ type: 'NotifyUnit', at: NOTIFIED_AT, unitId, role: 'lead', responsibleLeader: LEADERS[unitId], rules, ...over }) as const;

  it('gives a complaint received on Thursday 24 Sep 2026 one working day to sign for (Mon 28 Sep, after 中秋) and 10 to handle (Thu 15 Oct)', () => {
    // The brief's example put signForDue on 2026-09-25, but that Friday is the Mid-Autumn holiday.
    spec
      .given(acceptedCase)
      .when(notify(MARKET))
      .then([
        {
          type: 'UnitNotified',
          data: {
            unitId: MARKET,
            role: 'lead',
            responsibleLeader: LEADERS[MARKET],
            signForDue: '2026-09-28',
            handlingDue: '2026-10-15',
            calendarVersion: CALENDAR_2026,
            timeLimitsVersion: 'time-limits@default',
          },
        },
      ]);
  });

  it('counts the first dispatch’s handling time from receipt, its sign-for time from the dispatch', () => {
    spec
      .given(acceptedCase)
      .when(notify(MARKET, { at: '2026-09-29T10:00:00+08:00' }))
      .then([unitNotified(MARKET, { signForDue: '2026-09-30', handlingDue: '2026-10-15' })]);
  });

  it('makes an emergency due the same day, to sign for and to handle', () => {
    spec
      .given([complaintFiled({ urgency: 'emergency' }), complaintAccepted()])
      .when(notify(MARKET))
      .then([unitNotified(MARKET, { signForDue: '2026-09-24', handlingDue: '2026-09-24' })]);
  });

  it('gives an enquiry (政策咨询) 3 working days to handle', () => {
    spec
      .given([complaintFiled({ category: 'enquiry' }), complaintAccepted()])
      .when(notify(MARKET))
      .then([unitNotified(MARKET, { signForDue: '2026-09-28', handlingDue: '2026-09-30' })]);
  });

  it('notifies a co-handling unit once there is a lead unit', () => {
    spec
      .given(acknowledgedCase)
      .when(notify(WINDOW, { role: 'co' }))
      .then([unitNotified(WINDOW, { role: 'co' })]);
  });

  it('counts a re-dispatch’s handling time from the re-dispatch, not from receipt', () => {
    spec
      .given([...dispatchedCase, dispatchDisputed(MARKET)])
      .when(notify(HOUSING, { at: '2026-09-29T10:00:00+08:00' }))
      .then([unitNotified(HOUSING, { signForDue: '2026-09-30', handlingDue: '2026-10-19' })]);
  });

  it('may dispatch again to a unit whose dispute intake overrules', () => {
    spec
      .given([...dispatchedCase, dispatchDisputed(MARKET)])
      .when(notify(MARKET, { at: '2026-09-29T10:00:00+08:00' }))
      .then([unitNotified(MARKET, { signForDue: '2026-09-30', handlingDue: '2026-10-19' })]);
  });

  it('records the versions of the calendar years and of the time limits that produced the due dates', () => {
    const year2027 = { year: 2027, holidays: ['2027-01-01'], makeUpWorkdays: [], source: 'admin@1' };
    const published: TimeLimitPolicy = { ...DEFAULT_TIME_LIMIT_POLICY, version: 'time-limits@3' };
    spec
      .given([complaintFiled({ receivedAt: '2026-12-24T09:00:00+08:00' }), complaintAccepted()])
      .when(notify(MARKET, { at: '2026-12-24T10:00:00+08:00', rules: new DeadlineRules(calendar.withYear(year2027), published) }))
      .then([
        unitNotified(MARKET, {
          signForDue: '2026-12-25',
          handlingDue: '2027-01-08',
          calendarVersion: `${CALENDAR_2026},2027:admin@1`,
          timeLimitsVersion: 'time-limits@3',
        }),
      ]);
  });

  it('refuses a due date in 2027 while no 2027 calendar is loaded', () => {
    spec
      .given([complaintFiled({ receivedAt: '2026-12-24T09:00:00+08:00' }), complaintAccepted()])
      .when(notify(MARKET, { at: '2026-12-24T10:00:00+08:00' }))
      .thenError(CALENDAR_YEAR_MISSING, { year: 2027 });
  });

  it('refuses a category the time limits in force no longer know', () => {
    const withoutCategory: TimeLimitPolicy = {
      ...DEFAULT_TIME_LIMIT_POLICY,
      version: 'time-limits@2',
      categories: DEFAULT_TIME_LIMIT_POLICY.categories.filter((c) => c.code !== 'cumbersome_approval'),
    };
    spec
      .given(acceptedCase)
      .when(notify(MARKET, { rules: new DeadlineRules(calendar, withoutCategory) }))
      .thenError(UNKNOWN_CATEGORY, { category: 'cumbersome_approval' });
    // The category is the case's, recorded at filing: no field of the dispatch is at fault.
    const refused = refusal(given(acceptedCase).when(notify(MARKET, { rules: new DeadlineRules(calendar, withoutCategory) })));
    expect(refused).toMatchObject({ code: UNKNOWN_CATEGORY });
    expect(refused).not.toHaveProperty('details.field');
  });

  it('refuses to dispatch a complaint not yet accepted', () => {
    spec.given(filedCase).when(notify(MARKET)).thenError(E.CASE_NOT_ACCEPTED);
  });

  it('refuses to notify a unit that already handles the case, naming the unit field', () => {
    spec
      .given(dispatchedCase)
      .when(notify(MARKET, { role: 'co' }))
      .thenError(E.UNIT_ALREADY_ON_CASE, { field: 'unitId', unitId: MARKET });
  });

  it('refuses a second lead unit, naming the role asked for', () => {
    spec.given(dispatchedCase).when(notify(HOUSING)).thenError(E.LEAD_UNIT_ALREADY_ASSIGNED, { field: 'role', leadUnitId: MARKET });
  });

  it('refuses a co-handling unit before the lead unit, naming the role asked for', () => {
    spec
      .given(acceptedCase)
      .when(notify(WINDOW, { role: 'co' }))
      .thenError(E.LEAD_UNIT_REQUIRED, { field: 'role' });
  });

  it.each(NOT_OPEN)('refuses to dispatch %s', (_label, history, code) => {
    spec.given(history).when(notify(MARKET)).thenError(code);
  });
});

describe('TransferCase (改派)', () => {
  const transfer = (over: { fromUnitId?: string; toUnitId?: string; at?: string } = {}) =>
    ({
      type: 'TransferCase',
      at: '2026-09-29T10:00:00+08:00',
      fromUnitId: MARKET,
      toUnitId: HOUSING,
      reason: '经核实属住建部门职责',
      responsibleLeader: LEADERS[HOUSING],
      rules,
      ...over,
    }) as const;

  it('re-routes a disputed case to another unit, counting both deadlines afresh from the transfer', () => {
    spec
      .given([...dispatchedCase, dispatchDisputed(MARKET)])
      .when(transfer())
      .then([
        caseTransferred({ fromUnitId: MARKET, toUnitId: HOUSING, role: 'lead', signForDue: '2026-09-30', handlingDue: '2026-10-19' }),
      ]);
  });

  it('gives the receiving unit the role of the unit it replaces', () => {
    spec
      .given(coHandledCase)
      .when(transfer({ fromUnitId: WINDOW }))
      .then([caseTransferred({ fromUnitId: WINDOW, role: 'co' })]);
  });

  it('refuses to transfer a case to the unit that holds it', () => {
    spec
      .given(dispatchedCase)
      .when(transfer({ toUnitId: MARKET }))
      .thenError(E.TRANSFER_TO_SAME_UNIT, { field: 'toUnitId' });
  });

  it('refuses to transfer from a unit never notified of the case, naming the field it came in', () => {
    spec
      .given(dispatchedCase)
      .when(transfer({ fromUnitId: 'dept-transport' }))
      .thenError(E.UNIT_NOT_NOTIFIED, { field: 'fromUnitId', unitId: 'dept-transport' });
  });

  it.each(INHERITED_NAMES)('refuses to transfer from %s, a name every object inherits, not a unit on the case', (unitId) => {
    spec
      .given(dispatchedCase)
      .when(transfer({ fromUnitId: unitId }))
      .thenError(E.UNIT_NOT_NOTIFIED, { field: 'fromUnitId', unitId });
  });

  it('refuses to transfer again from a unit the case was already transferred away from', () => {
    spec
      .given(transferredCase)
      .when(transfer({ toUnitId: WINDOW }))
      .thenError(E.UNIT_NOT_NOTIFIED, { field: 'fromUnitId', unitId: MARKET });
  });

  it('refuses to transfer away from a unit that has reported handling, naming the unit transferred from', () => {
    spec.given(handledCase).when(transfer()).thenError(E.UNIT_ALREADY_REPORTED, { field: 'fromUnitId', unitId: MARKET });
  });

  it('refuses to transfer to a unit that already handles the case, naming the unit transferred to', () => {
    spec
      .given(coHandledCase)
      .when(transfer({ toUnitId: WINDOW }))
      .thenError(E.UNIT_ALREADY_ON_CASE, { field: 'toUnitId', unitId: WINDOW });
  });

  it('refuses to transfer the lead role of a disputed unit once another lead was notified', () => {
    spec
      .given([...dispatchedCase, dispatchDisputed(MARKET), unitNotified(HOUSING, { signForDue: '2026-09-30', handlingDue: '2026-10-19' })])
      .when(transfer({ toUnitId: WINDOW }))
      .thenError(E.LEAD_UNIT_ALREADY_ASSIGNED, { leadUnitId: HOUSING });
  });

  it('refuses a transfer whose due date falls in 2027 while no 2027 calendar is loaded', () => {
    spec
      .given([...dispatchedCase, dispatchDisputed(MARKET)])
      .when(transfer({ at: '2026-12-24T10:00:00+08:00' }))
      .thenError(CALENDAR_YEAR_MISSING, { year: 2027 });
  });

  it.each([...NOT_OPEN, ...NOT_DISPATCHED])('refuses to transfer %s', (_label, history, code) => {
    spec.given(history).when(transfer()).thenError(code);
  });
});

describe('IssueSupervision (催办 / 督办 / 挂牌督办 / 约谈)', () => {
  const supervise = (unitId = MARKET, level: (typeof SUPERVISION_LEVELS)[number] = 'urge') =>
    ({ type: 'IssueSupervision', at: '2026-10-13T09:00:00+08:00', unitId, level, note: '请于10月15日前报送办理结果' }) as const;

  it.each(SUPERVISION_LEVELS.filter((l) => l !== 'interview'))('issues %s supervision to a unit on the case', (level) => {
    spec
      .given(acknowledgedCase)
      .when(supervise(MARKET, level))
      .then([{ type: 'SupervisionIssued', data: { level, unitId: MARKET, note: '请于10月15日前报送办理结果' } }]);
  });

  it('a 约谈 records the day it was held and who attended', () => {
    const interview = { heldOn: '2026-10-12', attendees: ['区市场监管局局长 张某', '登记科科长 刘某'] };
    spec
      .given(acknowledgedCase)
      .when({ ...supervise(MARKET, 'interview'), interview })
      .then([{ type: 'SupervisionIssued', data: { level: 'interview', unitId: MARKET, note: '请于10月15日前报送办理结果', interview } }]);
  });

  it('a 约谈 needs its day, not one to come nor one before the case was received, and 1 to 20 attendees', () => {
    const interview = (heldOn: string, attendees: string[]) => ({ ...supervise(MARKET, 'interview'), interview: { heldOn, attendees } });
    spec
      .given(acknowledgedCase)
      .when(supervise(MARKET, 'interview'))
      .thenError(E.INTERVIEW_DETAILS_REQUIRED, { field: 'interview.heldOn' });
    spec
      .given(acknowledgedCase)
      .when(interview('', ['局长 张某']))
      .thenError(E.INTERVIEW_DETAILS_REQUIRED, { field: 'interview.heldOn' });
    spec
      .given(acknowledgedCase)
      .when(interview('2026-10-14', ['局长 张某']))
      .thenError(E.INTERVIEW_IN_FUTURE, { field: 'interview.heldOn' });
    // Received on 2026-09-24 (Beijing): the day before is no 约谈 about it, the day itself is.
    spec
      .given(acknowledgedCase)
      .when(interview('2026-09-23', ['局长 张某']))
      .thenError(E.INTERVIEW_BEFORE_CASE, { field: 'interview.heldOn' });
    spec
      .given(acknowledgedCase)
      .when(interview('1026-09-24', ['局长 张某']))
      .thenError(E.INTERVIEW_BEFORE_CASE, { field: 'interview.heldOn' });
    spec
      .given(acknowledgedCase)
      .when(interview('2026-09-24', ['局长 张某']))
      .then([
        {
          type: 'SupervisionIssued',
          data: {
            level: 'interview',
            unitId: MARKET,
            note: expect.anything(),
            interview: { heldOn: '2026-09-24', attendees: ['局长 张某'] },
          },
        },
      ]);
    spec
      .given(acknowledgedCase)
      .when(interview('2026-10-12', [' ']))
      .thenError(E.INTERVIEW_DETAILS_REQUIRED, { field: 'interview.attendees' });
  });

  it.each(['2026-02-30', '2026-13-01', '2026-1-5'])('a 约谈 held on %p, no real date, is refused as such', (heldOn) => {
    const interview = { heldOn, attendees: ['局长 张某'] };
    spec
      .given(acknowledgedCase)
      .when({ ...supervise(MARKET, 'interview'), interview })
      .thenError(INVALID_DATE, { field: 'interview.heldOn' });
  });

  it.each(UNITS_NOT_ON_CASE)('refuses to supervise %s, naming the unit field', (_label, history, unitId) => {
    spec.given(history).when(supervise(unitId)).thenError(E.UNIT_NOT_NOTIFIED, { field: 'unitId', unitId });
  });

  it.each(INHERITED_NAMES)('intake naming %s, not a unit on the case, is told so (UNIT_NOT_NOTIFIED, not "no such case")', (unitId) => {
    spec.given(acknowledgedCase).when(supervise(unitId)).thenError(E.UNIT_NOT_NOTIFIED, { field: 'unitId', unitId });
  });

  it.each([...NOT_OPEN, ...NOT_DISPATCHED])('refuses to supervise on %s', (_label, history, code) => {
    spec.given(history).when(supervise()).thenError(code);
  });
});
