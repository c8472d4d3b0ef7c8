import { unitDecider, unitStreamId } from '@app/domain';
import { decideAndAppend, PostgresEventStore, type EventMetadata } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { registeredUnitIds } from './registered-unit-ids';

const admin: EventMetadata = { actorId: 'admin-1', role: 'admin', correlationId: 'c-1', occurredAt: '2026-03-02T09:00:00+08:00' };

describe('the units registered, as the log has them', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool, db.url, { pollIntervalMs: 60_000 });
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  const register = (unitId: string) =>
    decideAndAppend(
      store,
      unitStreamId(unitId),
      unitDecider,
      {
        type: 'RegisterUnit',
        at: '2026-03-02T09:00:00+08:00',
        unitId,
        name: `单位${unitId}`,
        kind: 'department',
        parent: null,
        nameTakenBy: null,
      },
      { metadata: admin },
    );

  it('include one registered a moment ago while a transaction open elsewhere holds the log back', async () => {
    await register('dept-a');
    // A transaction with an id, open on another connection: the log's readers see nothing committed after it began.
    const holder = await db.pool.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_current_xact_id()');
    try {
      await register('dept-b');
      const scanned = registeredUnitIds(store);
      setTimeout(() => void holder.query('COMMIT'), 300);
      expect([...(await scanned)].sort()).toEqual(['dept-a', 'dept-b']);
    } finally {
      holder.release();
    }
  });
});
