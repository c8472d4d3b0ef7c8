import { caseStreamId, findingStreamId, type CaseEvent, type Measure } from '@app/domain';
import * as finding from '@app/domain/finding/finding.fixtures';
import { deterministicUuid } from '@app/event-store';
import * as ev from '../../../../test/support/case-events';
import { appendToCase, appendVisible } from '../../../../test/support/event-log';
import type { TickResult } from './deadline-scheduler';
import {
  REPORTED_IN_TIME,
  SIGNED_FOR_IN_TIME,
  appendDispatchedCase,
  measureCards,
  measureDeadlineRows,
  useSchedulerTestbed,
} from './deadlines.fixtures';
import { CASE_MEASURE_TARGET } from './measure-deadline-targets';

// A measure's due date gets its red card (MeasureDeadlinePassed) from the same scheduler as a unit's
// deadlines: one table, one firer, one feeder checkpoint (docs/ledger.md).

const LEAD = 'unit-market-supervision';
/** Two measures planned on 12 March: M1 due Friday 20 March, M2 due Friday 27 March. */
const M1_DUE = '2026-03-20';
const M2_DUE = '2026-03-27';
/** Reported done in time for M1 and M2; and late for M1, on the Monday after its due day. */
const MEASURE_DONE_IN_TIME = '2026-03-18T10:00:00+08:00';
const M1_DONE_LATE = '2026-03-23T10:00:00+08:00';
const MEASURES: Measure[] = [
  { measureId: 'M1', description: '公示许可材料清单', responsibleUnitId: LEAD, responsibleLeader: '张某', dueDate: M1_DUE },
  { measureId: 'M2', description: '窗口人员一次性告知培训', responsibleUnitId: LEAD, responsibleLeader: '张某', dueDate: M2_DUE },
];

describe('measure deadlines in the deadline scheduler (PostgreSQL, real event store)', () => {
  const testbed = useSchedulerTestbed('2026-03-12T10:00:00+08:00');
  const { instance, writer } = testbed;

  /** A case dispatched on 2 March, signed for and handled in time, whose lead planned M1 and M2. */
  const caseWithMeasures = (...more: CaseEvent[]): Promise<string> =>
    appendDispatchedCase(
      writer(),
      LEAD,
      ev.unitAcknowledged(LEAD, SIGNED_FOR_IN_TIME),
      ev.handlingReported(LEAD, { reportedAt: REPORTED_IN_TIME }),
      ev.rectificationPlanned(MEASURES, LEAD),
      ...more,
    );

  const sum = (results: TickResult[], key: 'fired' | 'replayed' | 'failed' | 'claimed') => results.reduce((n, r) => n + r[key], 0);

  it('a case measure past its due date gets its card once, with two instances at once and after a restart; one reported in time gets none', async () => {
    const caseIds = [
      await caseWithMeasures(ev.rectificationReported('M2', LEAD, MEASURE_DONE_IN_TIME)),
      await caseWithMeasures(ev.rectificationReported('M2', LEAD, MEASURE_DONE_IN_TIME)),
    ];

    // 23:59:59.999 on M1's due day in Beijing: still in time.
    testbed.clock.set(`${M1_DUE}T23:59:59.999+08:00`);
    expect(await instance().scheduler.tick()).toMatchObject({ claimed: 0 });

    testbed.clock.set('2026-03-30T09:00:00+08:00'); // both due dates are over
    const [a, b] = [instance({ fireBatchSize: 1 }), instance({ fireBatchSize: 1 })];
    const first = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    expect(sum(first, 'fired')).toBe(2); // M1 of each case, once
    expect(sum(first, 'replayed') + sum(first, 'failed')).toBe(0);

    await Promise.all([a.close(), b.close()]);
    testbed.clock.advance(24 * 3600_000);
    const [c, d] = [instance(), instance()];
    expect(sum(await Promise.all([c.scheduler.tick(), d.scheduler.tick()]), 'claimed')).toBe(0);

    for (const caseId of caseIds) {
      expect(await measureCards(c.store, caseStreamId(caseId))).toEqual([{ measureId: 'M1', deadline: 'measure_due', dueDate: M1_DUE }]);
      expect(await measureDeadlineRows(testbed.db.pool, caseStreamId(caseId))).toEqual({
        [`M1:measure_due:${M1_DUE}:${LEAD}`]: 'fired',
        [`M2:measure_due:${M2_DUE}:${LEAD}`]: 'met',
      });
    }
  });

  it('the card is written by the scheduler as a system actor, with an id derived from the measure deadline', async () => {
    const caseId = await caseWithMeasures();
    testbed.clock.set('2026-03-21T00:00:00+08:00');
    await instance().scheduler.tick();
    const [event] = (await writer().readStream(caseStreamId(caseId))).filter((e) => e.type === 'MeasureDeadlinePassed');
    expect(event.data).toEqual({ measureId: 'M1', deadline: 'measure_due', unitId: LEAD, dueDate: M1_DUE });
    expect(event.eventId).toBe(deterministicUuid(`deadline:case-${caseId}:M1:measure_due:${M1_DUE}:0`));
    expect(event.metadata).toMatchObject({ actorId: 'deadline-scheduler', role: 'system', unitId: null });
  });

  it('a measure reported in time and then rejected is watched again: past its due date it gets its card', async () => {
    const caseId = await caseWithMeasures(
      ev.rectificationReported('M1', LEAD, MEASURE_DONE_IN_TIME),
      ev.rectificationReported('M2', LEAD, MEASURE_DONE_IN_TIME),
    );
    const scheduler = instance().scheduler;
    testbed.clock.set('2026-03-21T09:00:00+08:00');
    await scheduler.tick();
    expect(await measureCards(writer(), caseStreamId(caseId))).toEqual([]);

    // 验收 finds M1 wanting after its due date: the work is owed again, and late.
    await appendToCase(writer(), caseId, ev.rectificationRejected('M1'));
    await scheduler.tick();
    expect(await measureCards(writer(), caseStreamId(caseId))).toEqual([{ measureId: 'M1', deadline: 'measure_due', dueDate: M1_DUE }]);

    // M2 rejected before its due date: reported again in time, no card.
    await appendToCase(writer(), caseId, ev.rectificationRejected('M2'), ev.rectificationReported('M2', LEAD, '2026-03-24T10:00:00+08:00'));
    testbed.clock.set('2026-03-28T09:00:00+08:00');
    await scheduler.tick();
    expect(await measureDeadlineRows(testbed.db.pool, caseStreamId(caseId))).toEqual({
      [`M1:measure_due:${M1_DUE}:${LEAD}`]: 'fired',
      [`M2:measure_due:${M2_DUE}:${LEAD}`]: 'met',
    });
    expect(await measureCards(writer(), caseStreamId(caseId))).toHaveLength(1);
  });

  it('a measure reported late gets the same card whether the scheduler fires before the report or only after it (it was down)', async () => {
    // On time: the scheduler fires at the midnight ending M1's due day, then M1 is reported late.
    const onTime = await caseWithMeasures(ev.rectificationReported('M2', LEAD, MEASURE_DONE_IN_TIME));
    testbed.clock.set('2026-03-21T00:00:00+08:00');
    await instance().scheduler.tick();
    await appendToCase(writer(), onTime, ev.rectificationReported('M1', LEAD, M1_DONE_LATE));
    // Down: nothing fired until after the late report; the feeder sees the plan and the report in one batch.
    const down = await caseWithMeasures(
      ev.rectificationReported('M2', LEAD, MEASURE_DONE_IN_TIME),
      ev.rectificationReported('M1', LEAD, M1_DONE_LATE),
    );
    testbed.clock.set('2026-03-30T09:00:00+08:00');
    await instance().scheduler.tick();

    // The same events, the case's own id aside; only their order tells when the scheduler ran.
    const recorded = async (caseId: string) =>
      (await writer().readStream(caseStreamId(caseId)))
        .map((e) => `${e.type} ${JSON.stringify(e.data).replaceAll(caseId, '<case>')}`)
        .sort();
    expect(await recorded(down)).toEqual(await recorded(onTime));
    for (const caseId of [onTime, down]) {
      expect(await measureCards(writer(), caseStreamId(caseId))).toEqual([{ measureId: 'M1', deadline: 'measure_due', dueDate: M1_DUE }]);
      expect(await measureDeadlineRows(testbed.db.pool, caseStreamId(caseId))).toEqual({
        [`M1:measure_due:${M1_DUE}:${LEAD}`]: 'fired',
        [`M2:measure_due:${M2_DUE}:${LEAD}`]: 'met',
      });
    }
  });

  it('a measure reported in time gets no card, however late the scheduler asks', async () => {
    const caseId = await caseWithMeasures(
      ev.rectificationReported('M1', LEAD, `${M1_DUE}T23:59:59.999+08:00`),
      ev.rectificationReported('M2', LEAD, MEASURE_DONE_IN_TIME),
    );
    testbed.clock.set('2026-04-10T09:00:00+08:00');
    expect(await instance().scheduler.tick()).toMatchObject({ claimed: 0, fired: 0 });
    expect(await measureCards(writer(), caseStreamId(caseId))).toEqual([]);
  });

  it('the units’ deadlines and the measures’ share one table and checkpoint without touching each other', async () => {
    // Closing the case ends the units' deadlines, not the measure still owed.
    const caseId = await caseWithMeasures(ev.rectificationReported('M2', LEAD, MEASURE_DONE_IN_TIME), ev.caseClosed());
    testbed.clock.set('2026-03-30T09:00:00+08:00');
    const result = await instance().scheduler.tick();
    expect(result).toMatchObject({ fired: 1, failed: 0 });
    expect(await measureCards(writer(), caseStreamId(caseId))).toEqual([{ measureId: 'M1', deadline: 'measure_due', dueDate: M1_DUE }]);
  });

  it('a finding’s measure deadlines fire through the finding (the default wiring); a holder not registered leaves them pending', async () => {
    const streamId = findingStreamId(finding.FINDING_ID);
    testbed.clock.set(finding.PLANNED_AT);
    await appendVisible(writer(), streamId, [...finding.plannedFinding, finding.completionReported('M1')]);

    // M2 (due 6 November) was never reported; M1 was, on 12 November, in time for the 13th.
    testbed.clock.set('2026-11-20T09:00:00+08:00');
    const caseOnly = instance({ measureTargets: [CASE_MEASURE_TARGET] }); // a wiring without the finding's holder
    expect(await caseOnly.scheduler.tick()).toMatchObject({ claimed: 0 });
    expect(await measureDeadlineRows(testbed.db.pool, streamId)).toEqual({
      [`M1:measure_due:2026-11-13:${finding.CONSTRUCTION}`]: 'met',
      [`M2:measure_due:2026-11-06:${finding.CONSTRUCTION}`]: 'pending',
    });

    const withFindings = instance(); // the default: MEASURE_TARGETS, the case's and the finding's
    expect(await withFindings.scheduler.tick()).toMatchObject({ claimed: 1, fired: 1 });
    expect(await measureCards(writer(), streamId)).toEqual([{ measureId: 'M2', deadline: 'measure_due', dueDate: '2026-11-06' }]);

    // Verified: the 回头看 is watched, pressing the measure's unit, and passes when not made in time.
    await appendVisible(writer(), streamId, [finding.measureVerified('M1')]);
    testbed.clock.set('2026-12-19T09:00:00+08:00');
    await withFindings.scheduler.tick();
    expect(await measureDeadlineRows(testbed.db.pool, streamId)).toMatchObject({
      [`M1:recheck:${finding.RECHECK_DUE}:${finding.CONSTRUCTION}`]: 'fired',
    });
    expect(await measureCards(writer(), streamId)).toContainEqual({ measureId: 'M1', deadline: 'recheck', dueDate: finding.RECHECK_DUE });
  });
});
