import { INVALID_DATE } from '../calendar/working-calendar';
import { DeciderSpecification } from '../shared/decider-specification';
import { caseDecider } from './case.decider';
import { CaseErrors as E } from './case.errors';
import type { MeasurePlan } from './case.model';
import {
  acknowledgedCase,
  coHandledCase,
  handledCase,
  handlingReported,
  interimReport,
  LEADERS,
  MARKET,
  MEASURES,
  noRectificationNeeded,
  NOT_DISPATCHED,
  INHERITED_NAMES,
  NOT_OPEN,
  NOT_OPEN_TO_UNIT,
  closedCase,
  STRANGER,
  PLANNED_AT,
  plannedCase,
  rectificationPlanned,
  rectificationRejected,
  rectificationReported,
  rectificationVerified,
  UNITS_NO_LONGER_ON_CASE,
  WINDOW,
} from './case.fixtures';

const spec = DeciderSpecification.for(caseDecider);

/** The measures of the fixtures as the unit plans them (without ids). */
const PLANS: MeasurePlan[] = MEASURES.map(({ measureId: _id, ...plan }) => plan);

describe('PlanRectification (整改方案)', () => {
  const plan = (over: { unitId?: string; measures?: MeasurePlan[]; noRectificationReason?: string | null; at?: string } = {}) =>
    ({ type: 'PlanRectification', at: PLANNED_AT, unitId: MARKET, measures: PLANS, noRectificationReason: null, ...over }) as const;

  it('records the lead unit’s measures, numbered M1, M2 … in order', () => {
    spec
      .given(handledCase)
      .when(plan())
      .then([
        rectificationPlanned([
          { measureId: 'M1', ...PLANS[0] },
          { measureId: 'M2', ...PLANS[1] },
        ]),
      ]);
  });

  it('numbers the measures of a later plan on from the earlier ones', () => {
    const extra: MeasurePlan = {
      description: '建立许可办理超时预警机制',
      responsibleUnitId: WINDOW,
      responsibleLeader: LEADERS[WINDOW],
      dueDate: '2026-12-15',
    };
    spec
      .given(plannedCase)
      .when(plan({ measures: [extra] }))
      .then([rectificationPlanned([{ measureId: 'M3', ...extra }])]);
  });

  it('records that no rectification is needed, with the reason', () => {
    spec
      .given(handledCase)
      .when(plan({ measures: [], noRectificationReason: '系企业误解政策，窗口已按规定一次性告知' }))
      .then([noRectificationNeeded('系企业误解政策，窗口已按规定一次性告知')]);
  });

  it('accepts a plan after an interim report', () => {
    spec
      .given([...acknowledgedCase, interimReport(MARKET)])
      .when(plan())
      .then([rectificationPlanned()]);
  });

  it('accepts a measure due today', () => {
    const dueToday = { ...PLANS[0], dueDate: '2026-10-13' };
    spec
      .given(handledCase)
      .when(plan({ measures: [dueToday] }))
      .then([rectificationPlanned([{ measureId: 'M1', ...dueToday }])]);
  });

  it('refuses a measure due before today', () => {
    spec
      .given(handledCase)
      .when(plan({ measures: [PLANS[0], { ...PLANS[1], dueDate: '2026-10-12' }] }))
      .thenError(E.MEASURE_DUE_IN_PAST, { field: 'measures[1].dueDate' });
  });

  // Compared as strings, 2026-13-01 was "after today" and recorded; the read models cannot store it.
  it.each(['2026-13-01', '2026-02-30', '2026-11-31', '2026-12-1', '9999-12-31', '2101-01-01'])(
    'refuses a measure due on %p, no real date or past the calendar’s years',
    (dueDate) => {
      spec
        .given(handledCase)
        .when(plan({ measures: [PLANS[0], { ...PLANS[1], dueDate }] }))
        .thenError(INVALID_DATE, { field: 'measures[1].dueDate' });
    },
  );

  it('judges “today” by the date in Beijing (01:00 on 13 Oct in Beijing is still 12 Oct in UTC)', () => {
    spec
      .given(handledCase)
      .when(plan({ at: '2026-10-12T17:00:00Z', measures: [{ ...PLANS[0], dueDate: '2026-10-12' }] }))
      .thenError(E.MEASURE_DUE_IN_PAST, { field: 'measures[0].dueDate' });
  });

  it('refuses a plan with neither measures nor a reason why none are needed', () => {
    spec
      .given(handledCase)
      .when(plan({ measures: [] }))
      .thenError(E.RECTIFICATION_EMPTY, { field: 'measures' });
  });

  it('refuses measures together with “no rectification needed”', () => {
    spec
      .given(handledCase)
      .when(plan({ noRectificationReason: '无需整改' }))
      .thenError(E.RECTIFICATION_ALREADY_PLANNED);
  });

  it('refuses “no rectification needed” once measures are planned', () => {
    spec
      .given(plannedCase)
      .when(plan({ measures: [], noRectificationReason: '无需整改' }))
      .thenError(E.RECTIFICATION_ALREADY_PLANNED);
  });

  it('refuses measures once “no rectification needed” is recorded', () => {
    spec
      .given([...handledCase, noRectificationNeeded()])
      .when(plan())
      .thenError(E.RECTIFICATION_ALREADY_PLANNED);
  });

  it('refuses a plan before the lead unit has reported handling', () => {
    spec.given(acknowledgedCase).when(plan()).thenError(E.HANDLING_NOT_REPORTED);
  });

  it('refuses a plan from a co-handling unit', () => {
    spec
      .given([...coHandledCase, handlingReported(MARKET), handlingReported(WINDOW)])
      .when(plan({ unitId: WINDOW }))
      .thenError(E.NOT_LEAD_UNIT, { unitId: WINDOW });
  });

  it.each(UNITS_NO_LONGER_ON_CASE)('refuses a plan by %s', (_label, history, unitId) => {
    spec.given(history).when(plan({ unitId })).thenError(E.UNIT_NOT_NOTIFIED, { unitId });
  });

  it.each(NOT_OPEN_TO_UNIT)('refuses a plan on %s', (_label, history, code) => {
    spec.given(history).when(plan()).thenError(code);
  });

  it.each([...INHERITED_NAMES, STRANGER])('finds no case for a plan by %s, a unit never notified of it, open or closed', (unitId) => {
    for (const history of [handledCase, closedCase]) spec.given(history).when(plan({ unitId })).thenError(E.CASE_NOT_FOUND);
  });
});

describe('ReportRectification (整改报告)', () => {
  const report = (measureId = 'M1', unitId = MARKET) =>
    ({
      type: 'ReportRectification',
      at: '2026-10-28T15:00:00+08:00',
      unitId,
      measureId,
      report: '已完成，附公示截图和培训签到表',
    }) as const;

  it('records a unit’s report that a planned measure is done', () => {
    spec
      .given(plannedCase)
      .when(report('M1'))
      .then([
        {
          type: 'RectificationReported',
          data: { measureId: 'M1', unitId: MARKET, report: '已完成，附公示截图和培训签到表', reportedAt: '2026-10-28T15:00:00+08:00' },
        },
      ]);
  });

  it('records a co-handling unit’s report of a measure it is responsible for', () => {
    const windowsMeasure = [MEASURES[0], { ...MEASURES[1], responsibleUnitId: WINDOW }];
    spec
      .given([...coHandledCase, handlingReported(MARKET), rectificationPlanned(windowsMeasure)])
      .when(report('M2', WINDOW))
      .then([rectificationReported('M2', WINDOW)]);
  });

  it('refuses a co-handling unit’s report of a measure another unit answers for', () => {
    spec
      .given([...coHandledCase, handlingReported(MARKET), rectificationPlanned()])
      .when(report('M2', WINDOW))
      .thenError(E.MEASURE_NOT_YOURS, { measureId: 'M2', unitId: WINDOW });
  });

  it('records a new report of a measure whose verification was rejected', () => {
    spec
      .given([...plannedCase, rectificationReported('M1'), rectificationRejected('M1')])
      .when(report('M1'))
      .then([rectificationReported('M1')]);
  });

  it('refuses a report of a measure the case does not have', () => {
    spec.given(plannedCase).when(report('M9')).thenError(E.MEASURE_NOT_FOUND, { measureId: 'M9', field: 'measureId' });
  });

  it('refuses a second report of a measure waiting for verification', () => {
    spec
      .given([...plannedCase, rectificationReported('M1')])
      .when(report('M1'))
      .thenError(E.MEASURE_NOT_OPEN, { measureId: 'M1', measureStatus: 'reported', field: 'measureId' });
  });

  it('refuses a report of a measure already verified', () => {
    spec
      .given([...plannedCase, rectificationReported('M1'), rectificationVerified('M1')])
      .when(report('M1'))
      .thenError(E.MEASURE_NOT_OPEN, { measureId: 'M1', measureStatus: 'verified', field: 'measureId' });
  });

  it.each(UNITS_NO_LONGER_ON_CASE)('refuses a report by %s', (_label, history, unitId) => {
    spec.given(history).when(report('M1', unitId)).thenError(E.UNIT_NOT_NOTIFIED, { unitId });
  });

  it.each(NOT_OPEN_TO_UNIT)('refuses a report on %s', (_label, history, code) => {
    spec.given(history).when(report()).thenError(code);
  });

  it.each([...INHERITED_NAMES, STRANGER])('finds no case for a report by %s, a unit never notified of it, open or closed', (unitId) => {
    for (const history of [handledCase, closedCase]) spec.given(history).when(report('M1', unitId)).thenError(E.CASE_NOT_FOUND);
  });
});

describe('VerifyRectification (验收 / 回头看)', () => {
  const verify = (
    approve: boolean,
    measureId = 'M1',
    note: string | null = approve ? '回头看：现场核实已落实' : '公示清单仍缺少两项材料，整改不到位',
  ) => ({ type: 'VerifyRectification', at: '2026-11-02T10:00:00+08:00', measureId, approve, note }) as const;
  const reported = [...plannedCase, rectificationReported('M1')];

  it('verifies a measure reported done', () => {
    spec
      .given(reported)
      .when(verify(true))
      .then([{ type: 'RectificationVerified', data: { measureId: 'M1', note: '回头看：现场核实已落实' } }]);
  });

  it('rejects a measure not really done, with the reason', () => {
    spec
      .given(reported)
      .when(verify(false))
      .then([{ type: 'RectificationRejected', data: { measureId: 'M1', reason: '公示清单仍缺少两项材料，整改不到位' } }]);
  });

  it('refuses to verify a measure the case does not have', () => {
    spec.given(reported).when(verify(true, 'M9')).thenError(E.MEASURE_NOT_FOUND, { measureId: 'M9' });
  });

  it('refuses a rejection without a reason', () => {
    spec
      .given([...plannedCase, rectificationReported('M1')])
      .when(verify(false, 'M1', null))
      .thenError(E.REJECTION_REASON_REQUIRED, { field: 'note' });
  });

  it('refuses to verify a measure not yet reported done, naming the measure', () => {
    spec
      .given(plannedCase)
      .when(verify(true))
      .thenError(E.MEASURE_NOT_REPORTED, { measureId: 'M1', measureStatus: 'planned', field: 'measureId' });
  });

  it('refuses to verify a measure twice: it is already verified (not "not reported"), naming the measure', () => {
    for (const approve of [true, false]) {
      spec
        .given([...reported, rectificationVerified('M1')])
        .when(verify(approve))
        .thenError(E.MEASURE_ALREADY_VERIFIED, { measureId: 'M1', measureStatus: 'verified', field: 'measureId' });
    }
  });

  it('refuses to verify a rejected measure before it is reported again', () => {
    spec
      .given([...reported, rectificationRejected('M1')])
      .when(verify(true))
      .thenError(E.MEASURE_NOT_REPORTED, { measureId: 'M1', measureStatus: 'rejected', field: 'measureId' });
  });

  it.each([...NOT_OPEN, ...NOT_DISPATCHED])('refuses to verify on %s', (_label, history, code) => {
    spec.given(history).when(verify(true)).thenError(code);
  });
});
