import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { DeadlineFeeder } from './deadline-feeder';
import { caseEvents as ev, appendCase, deadlineRows } from './deadlines.fixtures';
import { advanceCheckpoint, readCheckpoint } from './feeder-checkpoint';
import { inTransaction } from '@app/platform';

// Units of a 营商环境 complaint: market supervision leads, the approval bureau co-handles.
const LEAD = 'unit-market-supervision';
const CO = 'unit-admin-approval';
const OTHER = 'unit-commerce';

describe('deadline feeder (PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let feeder: DeadlineFeeder;

  beforeAll(async () => {
    db = await createTestDatabase();
    // drop() ends the pool, then terminates the database's connections: one still closing would
    // otherwise emit an unhandled 'error' and crash the test file.
    db.pool.on('error', () => undefined);
    store = new PostgresEventStore(db.pool, db.url, { pollIntervalMs: 60_000 });
    feeder = new DeadlineFeeder(db.pool, store);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const dispatchedCase = async (): Promise<string> => {
    const caseId = randomUUID();
    await appendCase(store, caseId, ev.filed(caseId, '2026-03-02T01:30:00.000Z'), ev.accepted());
    return caseId;
  };

  it('follows a case through its life: each event opens, meets or cancels the right deadlines', async () => {
    const caseId = await dispatchedCase();
    const step = async (event: Parameters<typeof appendCase>[2]) => {
      await appendCase(store, caseId, event);
      await feeder.catchUp();
      return deadlineRows(db.pool, caseId);
    };

    expect(await step(ev.notified(LEAD, '2026-03-03', '2026-03-16'))).toEqual({
      [`${LEAD}:handling:2026-03-16`]: 'pending',
      [`${LEAD}:sign_for:2026-03-03`]: 'pending',
    });
    await step(ev.notified(CO, '2026-03-03', '2026-03-16', 'co'));
    expect(await step(ev.acknowledged(LEAD))).toMatchObject({ [`${LEAD}:sign_for:2026-03-03`]: 'met' });
    expect(await step(ev.extensionGranted(LEAD, '2026-03-16', '2026-03-23'))).toMatchObject({
      [`${LEAD}:handling:2026-03-16`]: 'cancelled',
      [`${LEAD}:handling:2026-03-23`]: 'pending',
    });
    expect(await step(ev.transferred(CO, OTHER, '2026-03-05', '2026-03-18'))).toMatchObject({
      [`${CO}:sign_for:2026-03-03`]: 'cancelled',
      [`${CO}:handling:2026-03-16`]: 'cancelled',
      [`${OTHER}:sign_for:2026-03-05`]: 'pending',
      [`${OTHER}:handling:2026-03-18`]: 'pending',
    });
    expect(await step(ev.disputed(OTHER))).toMatchObject({
      [`${OTHER}:sign_for:2026-03-05`]: 'cancelled',
      [`${OTHER}:handling:2026-03-18`]: 'cancelled',
    });
    expect(await step(ev.handlingReported(LEAD))).toMatchObject({ [`${LEAD}:handling:2026-03-23`]: 'met' });
    expect(await step(ev.reopened(LEAD, '2026-04-01'))).toMatchObject({ [`${LEAD}:handling:2026-04-01`]: 'pending' });
    expect(await step(ev.closed())).toEqual({
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
    await appendCase(store, caseId, ev.notified(LEAD, '2026-03-03', '2026-03-16'));
    await feeder.catchUp();
    const { rows } = await db.pool.query('SELECT kind, fire_at FROM scheduled_deadlines WHERE case_id = $1 ORDER BY kind', [caseId]);
    expect(rows).toEqual([
      { kind: 'handling', fire_at: new Date('2026-03-17T00:00:00+08:00') },
      { kind: 'sign_for', fire_at: new Date('2026-03-04T00:00:00+08:00') },
    ]);
  });

  it('a unit transferred away and back gets its same deadline watched again', async () => {
    const caseId = await dispatchedCase();
    await appendCase(store, caseId, ev.notified(LEAD, '2026-03-03', '2026-03-16'));
    await feeder.catchUp();
    await appendCase(store, caseId, ev.transferred(LEAD, OTHER, '2026-03-03', '2026-03-16'));
    await feeder.catchUp();
    await appendCase(store, caseId, ev.transferred(OTHER, LEAD, '2026-03-03', '2026-03-16'));
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
      ev.notified(LEAD, '2026-03-03', '2026-03-16'),
      ev.notified(CO, '2026-03-03', '2026-03-16', 'co'),
      ev.acknowledged(LEAD),
      ev.transferred(CO, OTHER, '2026-03-03', '2026-03-16'),
      ev.transferred(OTHER, CO, '2026-03-03', '2026-03-16'),
      ev.extensionGranted(LEAD, '2026-03-16', '2026-03-23'),
      ev.handlingReported(LEAD),
    ];
    for (const event of history) {
      await appendCase(store, caseId, event);
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

    const fromScratch = new DeadlineFeeder(db.pool, store, { name: 'from-scratch', batchSize: 3 });
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
      await appendCase(store, caseId, ev.notified(LEAD, '2026-03-03', '2026-03-16'));
      await appendCase(store, caseId, ev.acknowledged(LEAD));
      await appendCase(store, caseId, ev.extensionGranted(LEAD, '2026-03-16', '2026-03-23'));
    }
    const a = new DeadlineFeeder(db.pool, store, { batchSize: 2 });
    const b = new DeadlineFeeder(db.pool, store, { batchSize: 2 });
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
    const [last] = (await store.readAll({ after: 0n, limit: 100_000 })).slice(-1);
    expect(await readCheckpoint(db.pool, 'deadline-scheduler')).toBe(last.position);
  });

  it('the checkpoint never goes backwards', async () => {
    await inTransaction(db.pool, (client) => advanceCheckpoint(client, 'monotonic', 500n));
    await inTransaction(db.pool, (client) => advanceCheckpoint(client, 'monotonic', 400n));
    expect(await readCheckpoint(db.pool, 'monotonic')).toBe(500n);
  });
});
