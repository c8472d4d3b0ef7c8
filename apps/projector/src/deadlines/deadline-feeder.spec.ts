import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '@app/domain';
import * as ev from '../../../../test/support/case-events';
import { appendToCase, useEventStoreDatabase } from '../../../../test/support/event-log';
import { DeadlineFeeder } from './deadline-feeder';
import { DUE_2_MARCH, RECEIVED_AT, REPORTED_IN_TIME, SIGNED_FOR_IN_TIME, deadlineRows } from './deadlines.fixtures';
import { feedDeadlineChanges } from './deadline-table';
import { readCheckpoint } from './feeder-checkpoint';

// Units of a 营商环境 complaint: market supervision leads, the approval bureau co-handles.
const LEAD = 'unit-market-supervision';
const CO = 'unit-admin-approval';
const OTHER = 'unit-commerce';

describe('deadline feeder (PostgreSQL)', () => {
  const db = useEventStoreDatabase({ per: 'file', store: { pollIntervalMs: 60_000 } });
  let feeder: DeadlineFeeder;
  beforeAll(() => {
    feeder = new DeadlineFeeder(db.pool, db.store);
  });
  const appendCase = (caseId: string, ...events: CaseEvent[]) => appendToCase(db.store, caseId, ...events);

  const dispatchedCase = async (): Promise<string> => {
    const caseId = randomUUID();
    await appendCase(caseId, ev.complaintFiled({ caseId, receivedAt: RECEIVED_AT }), ev.complaintAccepted());
    return caseId;
  };

  it('follows a case through its life: each event opens, meets or cancels the right deadlines', async () => {
    const caseId = await dispatchedCase();
    const step = async (event: CaseEvent) => {
      await appendCase(caseId, event);
      await feeder.catchUp();
      return deadlineRows(db.pool, caseId);
    };

    expect(await step(ev.unitNotified(LEAD, DUE_2_MARCH))).toEqual({
      [`${LEAD}:handling:2026-03-16`]: 'pending',
      [`${LEAD}:sign_for:2026-03-03`]: 'pending',
    });
    await step(ev.unitNotified(CO, { ...DUE_2_MARCH, role: 'co' }));
    expect(await step(ev.unitAcknowledged(LEAD, SIGNED_FOR_IN_TIME))).toMatchObject({ [`${LEAD}:sign_for:2026-03-03`]: 'met' });
    expect(await step(ev.extensionGranted({ unitId: LEAD, previousDue: '2026-03-16', newDue: '2026-03-23' }))).toMatchObject({
      [`${LEAD}:handling:2026-03-16`]: 'cancelled',
      [`${LEAD}:handling:2026-03-23`]: 'pending',
    });
    expect(
      await step(ev.caseTransferred({ fromUnitId: CO, toUnitId: OTHER, signForDue: '2026-03-05', handlingDue: '2026-03-18' })),
    ).toMatchObject({
      [`${CO}:sign_for:2026-03-03`]: 'cancelled',
      [`${CO}:handling:2026-03-16`]: 'cancelled',
      [`${OTHER}:sign_for:2026-03-05`]: 'pending',
      [`${OTHER}:handling:2026-03-18`]: 'pending',
    });
    expect(await step(ev.dispatchDisputed(OTHER))).toMatchObject({
      [`${OTHER}:sign_for:2026-03-05`]: 'cancelled',
      [`${OTHER}:handling:2026-03-18`]: 'cancelled',
    });
    expect(await step(ev.handlingReported(LEAD, { reportedAt: REPORTED_IN_TIME }))).toMatchObject({
      [`${LEAD}:handling:2026-03-23`]: 'met',
    });
    expect(await step(ev.caseReopened({ leadUnitId: LEAD, handlingDue: '2026-04-01' }))).toMatchObject({
      [`${LEAD}:handling:2026-04-01`]: 'pending',
    });
    expect(await step(ev.caseClosed())).toEqual({
      [`${CO}:handling:2026-03-16`]: 'cancelled',
      [`${CO}:sign_for:2026-03-03`]: 'cancelled',
      [`${OTHER}:handling:2026-03-18`]: 'cancelled',
      [`${OTHER}:sign_for:2026-03-05`]: 'cancelled',
      [`${LEAD}:handling:2026-03-16`]: 'cancelled',
      [`${LEAD}:handling:2026-03-23`]: 'met',
      [`${LEAD}:handling:2026-04-01`]: 'cancelled',
      [`${LEAD}:sign_for:2026-03-03`]: 'met',
    });
  });

  it('a deadline falls due when its day ends in Beijing (00:00 UTC+8 the next day)', async () => {
    const caseId = await dispatchedCase();
    await appendCase(caseId, ev.unitNotified(LEAD, DUE_2_MARCH));
    const { nextDue } = await feeder.catchUpLooking();
    // What the scheduler's tick reads to skip a claim that would find nothing: the earliest pending fire_at.
    expect(nextDue!.getTime()).toBeLessThanOrEqual(new Date('2026-03-04T00:00:00+08:00').getTime());
    const { rows } = await db.pool.query('SELECT kind, fire_at FROM scheduled_deadlines WHERE case_id = $1 ORDER BY kind', [caseId]);
    expect(rows).toEqual([
      { kind: 'handling', fire_at: new Date('2026-03-17T00:00:00+08:00') },
      { kind: 'sign_for', fire_at: new Date('2026-03-04T00:00:00+08:00') },
    ]);
  });

  it('a unit transferred away and back gets its same deadline watched again', async () => {
    const caseId = await dispatchedCase();
    await appendCase(caseId, ev.unitNotified(LEAD, DUE_2_MARCH));
    await feeder.catchUp();
    await appendCase(
      caseId,
      ev.caseTransferred({ fromUnitId: LEAD, toUnitId: OTHER, signForDue: '2026-03-03', handlingDue: '2026-03-16' }),
    );
    await feeder.catchUp();
    await appendCase(
      caseId,
      ev.caseTransferred({ fromUnitId: OTHER, toUnitId: LEAD, signForDue: '2026-03-03', handlingDue: '2026-03-16' }),
    );
    await feeder.catchUp();
    expect(await deadlineRows(db.pool, caseId)).toEqual({
      [`${LEAD}:handling:2026-03-16`]: 'pending',
      [`${LEAD}:sign_for:2026-03-03`]: 'pending',
      [`${OTHER}:handling:2026-03-16`]: 'cancelled',
      [`${OTHER}:sign_for:2026-03-03`]: 'cancelled',
    });
  });

  it('applying the log again (a feeder starting from scratch) changes no row: nothing closed is reopened, nothing reopened is closed', async () => {
    const caseId = await dispatchedCase();
    const history = [
      ev.unitNotified(LEAD, DUE_2_MARCH),
      ev.unitNotified(CO, { ...DUE_2_MARCH, role: 'co' }),
      ev.unitAcknowledged(LEAD, SIGNED_FOR_IN_TIME),
      ev.caseTransferred({ fromUnitId: CO, toUnitId: OTHER, signForDue: '2026-03-03', handlingDue: '2026-03-16' }),
      ev.caseTransferred({ fromUnitId: OTHER, toUnitId: CO, signForDue: '2026-03-03', handlingDue: '2026-03-16' }),
      ev.extensionGranted({ unitId: LEAD, previousDue: '2026-03-16', newDue: '2026-03-23' }),
      ev.handlingReported(LEAD, { reportedAt: REPORTED_IN_TIME }),
    ];
    for (const event of history) {
      await appendCase(caseId, event);
      await feeder.catchUp();
    }
    const rows = () => db.pool.query('SELECT * FROM scheduled_deadlines WHERE case_id = $1 ORDER BY deadline_id', [caseId]);
    const before = (await rows()).rows;
    expect(await deadlineRows(db.pool, caseId)).toEqual({
      [`${CO}:handling:2026-03-16`]: 'pending',
      [`${CO}:sign_for:2026-03-03`]: 'pending',
      [`${LEAD}:handling:2026-03-16`]: 'cancelled',
      [`${LEAD}:handling:2026-03-23`]: 'met',
      [`${LEAD}:sign_for:2026-03-03`]: 'met',
      [`${OTHER}:handling:2026-03-16`]: 'cancelled',
      [`${OTHER}:sign_for:2026-03-03`]: 'cancelled',
    });

    const fromScratch = new DeadlineFeeder(db.pool, db.store, { name: 'from-scratch', batchSize: 3 });
    const {
      rows: [{ count }],
    } = await db.pool.query("SELECT count(*)::int AS count FROM events WHERE stream_id LIKE 'case-%'");
    expect(await fromScratch.catchUp(1000)).toBe(count);
    // updated_at included: not one row was even touched.
    expect((await rows()).rows).toEqual(before);
  });

  it('two instances feeding at once apply each event exactly once, and end at the same checkpoint', async () => {
    await feeder.catchUp();
    const caseIds = [await dispatchedCase(), await dispatchedCase(), await dispatchedCase()];
    for (const caseId of caseIds) {
      await appendCase(caseId, ev.unitNotified(LEAD, DUE_2_MARCH));
      await appendCase(caseId, ev.unitAcknowledged(LEAD, SIGNED_FOR_IN_TIME));
      await appendCase(caseId, ev.extensionGranted({ unitId: LEAD, previousDue: '2026-03-16', newDue: '2026-03-23' }));
    }
    const a = new DeadlineFeeder(db.pool, db.store, { batchSize: 2 });
    const b = new DeadlineFeeder(db.pool, db.store, { batchSize: 2 });
    const [appliedByA, appliedByB] = await Promise.all([a.catchUp(100), b.catchUp(100)]);

    // 3 cases × (filed+accepted, notified, acknowledged, extension) = 15 events, each applied by one of them.
    expect(appliedByA + appliedByB).toBe(15);
    for (const caseId of caseIds) {
      expect(await deadlineRows(db.pool, caseId)).toEqual({
        [`${LEAD}:handling:2026-03-16`]: 'cancelled',
        [`${LEAD}:handling:2026-03-23`]: 'pending',
        [`${LEAD}:sign_for:2026-03-03`]: 'met',
      });
    }
    const [last] = (await db.store.readAll({ after: 0n, limit: 100_000 })).slice(-1);
    expect(await readCheckpoint(db.pool, 'deadline-scheduler')).toBe(last.position);
    // What the scheduler's tick reports as seen (the demo waits on it before a midnight's firing).
    expect([a.checkpoint, b.checkpoint]).toEqual([last.position, last.position]);
  });

  it('the checkpoint never goes backwards, and a batch at or below it changes nothing', async () => {
    const caseId = randomUUID();
    const open = (position: bigint) => ({
      change: { type: 'open' as const, deadline: { caseId, unitId: LEAD, kind: 'sign_for' as const, dueDate: '2026-03-03' } },
      position,
    });
    expect(await feedDeadlineChanges(db.pool, 'monotonic', 500n, [])).toMatchObject({ previousCheckpoint: null });
    expect(await feedDeadlineChanges(db.pool, 'monotonic', 400n, [open(400n)])).toMatchObject({ previousCheckpoint: 500n });
    expect(await readCheckpoint(db.pool, 'monotonic')).toBe(500n);
    expect(await deadlineRows(db.pool, caseId)).toEqual({});
  });
});
