import { caseStreamId, type CaseEvent } from '@app/domain';
import { deterministicUuid, type EventStore } from '@app/event-store';
import { DeadlineFirer } from './deadline-firer';
import type { TickResult } from './deadline-scheduler';
import { claimDueDeadlines } from './deadline-table';
import * as ev from '../../../../test/support/case-events';
import { appendToCase } from '../../../../test/support/event-log';
import { waitUntil } from '../../../../test/support/wait';
import {
  DUE_2_MARCH,
  HANDLING_DUE,
  INTERIM_REPORTED_AT,
  REPORTED_IN_TIME,
  SIGN_FOR_DUE,
  SIGNED_FOR_IN_TIME,
  appendDispatchedCase,
  crashingAfterAppend,
  deadlineRows,
  deadlinesPassed,
  useSchedulerTestbed,
} from './deadlines.fixtures';
import { silentLogger } from './scheduler-logger';

const LEAD = 'unit-market-supervision';
const OTHER = 'unit-commerce';

describe('deadline scheduler (PostgreSQL, real event store)', () => {
  const testbed = useSchedulerTestbed('2026-03-02T10:00:00+08:00');
  const { instance, writer } = testbed;

  /** A complaint received Monday 2 March 2026 and dispatched to LEAD: sign for by 3 March, handle by 16 March. */
  const dispatchedCase = (...more: CaseEvent[]): Promise<string> => appendDispatchedCase(writer(), LEAD, ...more);

  const sum = (results: TickResult[], key: Exclude<keyof TickResult, 'seenUpTo'>) => results.reduce((n, r) => n + r[key], 0);
  const byKind = (a: { deadline: string }, b: { deadline: string }) => a.deadline.localeCompare(b.deadline);

  it('overdue sign-for and handling deadlines pass exactly once, with two instances ticking at once and after a restart', async () => {
    const caseIds = [await dispatchedCase(), await dispatchedCase(), await dispatchedCase(), await dispatchedCase()];
    testbed.clock.set('2026-03-17T09:00:00+08:00'); // both deadlines of every case are over

    const [a, b] = [instance({ fireBatchSize: 1 }), instance({ fireBatchSize: 1 })];
    const first = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    // Between them they fired the 8 deadlines once each, and neither redid the other's work.
    expect(sum(first, 'fired')).toBe(8);
    expect(sum(first, 'replayed') + sum(first, 'met') + sum(first, 'failed')).toBe(0);

    // Restart: new processes over the same database, a day later.
    await Promise.all([a.close(), b.close()]);
    testbed.clock.advance(24 * 3600_000);
    const [c, d] = [instance(), instance()];
    const second = await Promise.all([c.scheduler.tick(), d.scheduler.tick()]);
    expect(sum(second, 'claimed')).toBe(0);

    for (const caseId of caseIds) {
      expect((await deadlinesPassed(c.store, caseId)).sort(byKind)).toEqual([
        { deadline: 'handling', unitId: LEAD, dueDate: HANDLING_DUE },
        { deadline: 'sign_for', unitId: LEAD, dueDate: SIGN_FOR_DUE },
      ]);
      expect(await deadlineRows(testbed.db.pool, caseId)).toEqual({
        [`${LEAD}:handling:${HANDLING_DUE}`]: 'fired',
        [`${LEAD}:sign_for:${SIGN_FOR_DUE}`]: 'fired',
      });
    }
  });

  it('DeadlinePassed is written by the scheduler as a system actor, with an id derived from the deadline', async () => {
    const caseId = await dispatchedCase();
    testbed.clock.set('2026-03-04T00:00:00+08:00');
    await instance().scheduler.tick();
    const [event] = (await writer().readStream(caseStreamId(caseId))).filter((e) => e.type === 'DeadlinePassed');
    expect(event.eventId).toBe(deterministicUuid(`deadline:${caseId}:${LEAD}:sign_for:${SIGN_FOR_DUE}:0`));
    expect(event.metadata).toMatchObject({
      actorId: 'deadline-scheduler',
      role: 'system',
      unitId: null,
      occurredAt: '2026-03-03T16:00:00.000Z',
    });
  });

  it('nothing fires before the due day has ended in Beijing; it fires at 00:00 UTC+8 the next day', async () => {
    const caseId = await dispatchedCase();
    const scheduler = instance().scheduler;

    // 23:59:59.999 in Beijing on the due date (15:59 UTC the same day): still in time.
    testbed.clock.set('2026-03-03T23:59:59.999+08:00');
    expect(await scheduler.tick()).toMatchObject({ claimed: 0 });
    expect(await deadlinesPassed(writer(), caseId)).toEqual([]);

    // Midnight in Beijing, i.e. 16:00 UTC on the due date: the sign-for deadline has passed.
    testbed.clock.set('2026-03-04T00:00:00+08:00');
    expect(await scheduler.tick()).toMatchObject({ fired: 1 });
    expect(await deadlinesPassed(writer(), caseId)).toEqual([{ deadline: 'sign_for', unitId: LEAD, dueDate: SIGN_FOR_DUE }]);
    expect(scheduler.completedTicks).toBe(2); // what tests over HTTP wait on instead of sleeping
  });

  it('deadlines met in time (signed for, handling reported before the due day ends) pass never', async () => {
    const caseId = await dispatchedCase();
    const scheduler = instance().scheduler;

    testbed.clock.set('2026-03-03T17:30:00+08:00');
    await scheduler.tick();
    await appendToCase(writer(), caseId, ev.unitAcknowledged(LEAD, SIGNED_FOR_IN_TIME));
    testbed.clock.set('2026-03-16T16:00:00+08:00');
    await scheduler.tick();
    await appendToCase(writer(), caseId, ev.handlingReported(LEAD, { reportedAt: REPORTED_IN_TIME }));

    testbed.clock.set('2026-04-30T09:00:00+08:00');
    await scheduler.tick();
    expect(await deadlinesPassed(writer(), caseId)).toEqual([]);
    expect(await deadlineRows(testbed.db.pool, caseId)).toEqual({
      [`${LEAD}:handling:${HANDLING_DUE}`]: 'met',
      [`${LEAD}:sign_for:${SIGN_FOR_DUE}`]: 'met',
    });
  });

  it('an interim report by the lead unit does not meet its handling deadline; by a co-handling unit it does', async () => {
    const CO = 'unit-admin-approval';
    const caseId = await dispatchedCase(
      ev.unitAcknowledged(LEAD, SIGNED_FOR_IN_TIME),
      ev.unitNotified(CO, { ...DUE_2_MARCH, role: 'co' }),
      ev.unitAcknowledged(CO, SIGNED_FOR_IN_TIME),
      ev.interimReport(LEAD, { reportedAt: INTERIM_REPORTED_AT }),
      ev.interimReport(CO, { reportedAt: INTERIM_REPORTED_AT }),
    );
    testbed.clock.set('2026-03-17T00:00:00+08:00');
    expect(await instance().scheduler.tick()).toMatchObject({ fired: 1, met: 1 });
    expect(await deadlinesPassed(writer(), caseId)).toEqual([{ deadline: 'handling', unitId: LEAD, dueDate: HANDLING_DUE }]);
  });

  it('the case has the last word: a due row the feeder has not yet closed is settled as met, with no event', async () => {
    const caseId = await dispatchedCase();
    const scheduler = instance();
    await scheduler.scheduler.tick(); // the rows exist
    await appendToCase(writer(), caseId, ev.unitAcknowledged(LEAD, SIGNED_FOR_IN_TIME)); // … but the feeder has not seen this

    testbed.clock.set('2026-03-05T09:00:00+08:00');
    const firer = new DeadlineFirer(scheduler.pool, scheduler.store, testbed.clock, silentLogger);
    expect(await firer.fireBatch()).toEqual({ claimed: 1, fired: 0, replayed: 0, met: 1, failed: 0 });
    expect(await deadlinesPassed(writer(), caseId)).toEqual([]);
    expect(await deadlineRows(testbed.db.pool, caseId)).toMatchObject({ [`${LEAD}:sign_for:${SIGN_FOR_DUE}`]: 'met' });
  });

  it('an extended handling deadline passes only at the end of its new due date', async () => {
    const caseId = await dispatchedCase(ev.unitAcknowledged(LEAD, SIGNED_FOR_IN_TIME));
    const scheduler = instance().scheduler;
    testbed.clock.set('2026-03-12T10:00:00+08:00');
    await scheduler.tick(); // the scheduler already watches the 16 March deadline
    await appendToCase(writer(), caseId, ev.extensionGranted({ unitId: LEAD, previousDue: HANDLING_DUE, newDue: '2026-03-23' }));

    testbed.clock.set('2026-03-17T00:00:00+08:00');
    await scheduler.tick();
    testbed.clock.set('2026-03-23T23:59:59.999+08:00');
    await scheduler.tick();
    expect(await deadlinesPassed(writer(), caseId)).toEqual([]);

    testbed.clock.set('2026-03-24T00:00:00+08:00');
    await scheduler.tick();
    testbed.clock.advance(3600_000);
    await scheduler.tick();
    expect(await deadlinesPassed(writer(), caseId)).toEqual([{ deadline: 'handling', unitId: LEAD, dueDate: '2026-03-23' }]);
  });

  it('a unit transferred away does not get its deadlines passed; the unit it went to does', async () => {
    const caseId = await dispatchedCase(
      ev.caseTransferred({ fromUnitId: LEAD, toUnitId: OTHER, signForDue: '2026-03-04', handlingDue: '2026-03-18' }),
    );
    testbed.clock.set('2026-03-19T09:00:00+08:00');
    await instance().scheduler.tick();
    expect((await deadlinesPassed(writer(), caseId)).sort(byKind)).toEqual([
      { deadline: 'handling', unitId: OTHER, dueDate: '2026-03-18' },
      { deadline: 'sign_for', unitId: OTHER, dueDate: '2026-03-04' },
    ]);
  });

  it('a closed case gets no deadline passed', async () => {
    const caseId = await dispatchedCase(
      ev.unitAcknowledged(LEAD, SIGNED_FOR_IN_TIME),
      ev.handlingReported(LEAD, { reportedAt: REPORTED_IN_TIME }),
      ev.caseClosed(),
    );
    testbed.clock.set('2026-06-01T09:00:00+08:00');
    expect(await instance().scheduler.tick()).toMatchObject({ fired: 0 });
    expect(await deadlinesPassed(writer(), caseId)).toEqual([]);
  });

  it('a row claimed by an instance that died is left alone for the lease, then fired by another', async () => {
    const caseId = await dispatchedCase();
    const survivor = instance().scheduler;
    await survivor.tick(); // the feeder records the deadlines; none is due yet
    testbed.clock.set('2026-03-04T00:00:00+08:00');
    // Another instance claims the sign-for deadline, then dies before firing it (nothing appended).
    expect(await claimDueDeadlines(testbed.db.pool, testbed.clock.now(), 1, 60_000)).toHaveLength(1);

    testbed.clock.advance(59_000);
    await survivor.tick();
    expect(await deadlinesPassed(writer(), caseId)).toEqual([]);

    testbed.clock.advance(1_000);
    await survivor.tick();
    expect(await deadlinesPassed(writer(), caseId)).toEqual([expect.objectContaining({ deadline: 'sign_for', dueDate: SIGN_FOR_DUE })]);
  });

  it('a unit that signs for late, before the scheduler ran, still gets one DeadlinePassed', async () => {
    const caseId = await dispatchedCase();
    const scheduler = instance().scheduler;
    await scheduler.tick(); // deadlines recorded; none due
    testbed.clock.set('2026-03-05T09:00:00+08:00'); // the scheduler was down over the due midnight …
    await appendToCase(writer(), caseId, ev.unitAcknowledged(LEAD, '2026-03-05T08:30:00+08:00')); // … and the unit signed late
    await scheduler.tick();
    expect(await deadlinesPassed(writer(), caseId)).toEqual([expect.objectContaining({ deadline: 'sign_for', dueDate: SIGN_FOR_DUE })]);
  });

  it('a crash between the append and settling the row still ends with exactly one DeadlinePassed', async () => {
    const caseId = await dispatchedCase();
    // First attempt: the append reaches the store, then the process "dies" before settling the row.
    const crashing = instance({}, crashingAfterAppend);
    testbed.clock.set('2026-03-04T08:00:00+08:00');
    expect(await crashing.scheduler.tick()).toMatchObject({ claimed: 1, failed: 1 });
    expect(await deadlinesPassed(writer(), caseId)).toHaveLength(1);
    expect(await deadlineRows(testbed.db.pool, caseId)).toMatchObject({ [`${LEAD}:sign_for:${SIGN_FOR_DUE}`]: 'pending' });

    // After the restart, this instance's firer gets to the row before any feeder sees the event:
    // it finds the first attempt's event by its id and only settles the row.
    testbed.clock.advance(3600_000);
    const restarted = instance();
    const firer = new DeadlineFirer(restarted.pool, restarted.store, testbed.clock, silentLogger);
    expect(await firer.fireBatch()).toEqual({ claimed: 1, fired: 0, replayed: 1, met: 0, failed: 0 });
    expect(await restarted.scheduler.tick()).toMatchObject({ claimed: 0 });

    expect(await deadlinesPassed(writer(), caseId)).toEqual([{ deadline: 'sign_for', unitId: LEAD, dueDate: SIGN_FOR_DUE }]);
    expect(await deadlineRows(testbed.db.pool, caseId)).toMatchObject({ [`${LEAD}:sign_for:${SIGN_FOR_DUE}`]: 'fired' });
  });

  it('an instance does not wait for a deadline another instance is firing (SKIP LOCKED), and fires it once released', async () => {
    const caseId = await dispatchedCase();
    // Every session of this instance gives up on a lock after 1 s: a tick that waited for the row
    // held below would fail with "canceling statement due to lock timeout", however slow the machine.
    const firing = instance({}, undefined, '-c lock_timeout=1s');
    const scheduler = firing.scheduler;
    await scheduler.tick();
    expect((await firing.pool.query('SHOW lock_timeout')).rows[0]).toEqual({ lock_timeout: '1s' });
    testbed.clock.set('2026-03-04T08:00:00+08:00');

    // Another instance is in the middle of firing the sign-for deadline: it holds the row lock.
    const other = await testbed.db.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query("SELECT 1 FROM scheduled_deadlines WHERE case_id = $1 AND kind = 'sign_for' FOR UPDATE", [caseId]);
      expect(await scheduler.tick()).toMatchObject({ claimed: 0 });
    } finally {
      await other.query('ROLLBACK');
      other.release();
    }

    expect(await scheduler.tick()).toMatchObject({ fired: 1 });
    expect(await deadlinesPassed(writer(), caseId)).toHaveLength(1);
  });

  it('a unit transferred away and back the same day has its reinstated deadline passed once', async () => {
    const caseId = await dispatchedCase();
    const scheduler = instance().scheduler;
    await scheduler.tick();
    await appendToCase(
      writer(),
      caseId,
      ev.caseTransferred({ fromUnitId: LEAD, toUnitId: OTHER, signForDue: SIGN_FOR_DUE, handlingDue: HANDLING_DUE }),
    );
    await scheduler.tick();
    await appendToCase(
      writer(),
      caseId,
      ev.caseTransferred({ fromUnitId: OTHER, toUnitId: LEAD, signForDue: SIGN_FOR_DUE, handlingDue: HANDLING_DUE }),
    );
    testbed.clock.set('2026-03-04T08:00:00+08:00');
    await scheduler.tick();
    await scheduler.tick();
    expect(await deadlinesPassed(writer(), caseId)).toEqual([{ deadline: 'sign_for', unitId: LEAD, dueDate: SIGN_FOR_DUE }]);
  });

  it('the polling loop fires on its own, and stop() waits for the tick in progress', async () => {
    const caseId = await dispatchedCase();
    testbed.clock.set('2026-03-04T08:00:00+08:00');
    // The loop's append of DeadlinePassed is held until the test lets it through.
    let appending = false;
    let letThrough!: () => void;
    const held = new Promise<void>((resolve) => (letThrough = resolve));
    const holdingAppends = (store: EventStore): EventStore =>
      new Proxy(store, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (property !== 'appendToStream') return typeof value === 'function' ? value.bind(target) : value;
          return async (...args: Parameters<EventStore['appendToStream']>) => {
            appending = true;
            await held;
            return target.appendToStream(...args);
          };
        },
      });
    const running = instance({ intervalMs: 20 }, holdingAppends).scheduler;
    running.start();
    await waitUntil(() => appending, { timeoutMs: 10_000, failure: 'the loop did not come to fire the deadline' });

    // A tick is in progress (its append held): stop() must not answer before that tick has ended.
    const ticks = running.completedTicks;
    const stopped = running.stop();
    letThrough();
    await stopped;
    expect(running.completedTicks).toBe(ticks + 1);
    expect(await deadlinesPassed(writer(), caseId)).toHaveLength(1);
  });
});
