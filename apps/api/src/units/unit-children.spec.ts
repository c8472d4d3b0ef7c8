import { unitDecider, unitStreamId, type UnitCommand } from '@app/domain';
import { decideAndAppend, PostgresEventStore, type EventMetadata } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { waitUntil } from '../../../../test/support/wait';
import { UnitChildren } from './unit-children';

const AT = '2026-03-02T09:00:00+08:00';
const admin: EventMetadata = { actorId: 'admin-1', role: 'admin', correlationId: 'c-1', occurredAt: AT };
const noHoldings = { openCases: 0, openFindings: [], activeChildren: [] };

describe('the active units under a unit (what a retirement must not orphan)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let children: UnitChildren;
  const given = (unitId: string, command: UnitCommand) =>
    decideAndAppend(store, unitStreamId(unitId), unitDecider, command, { metadata: admin });
  const register = (unitId: string, parentId: string | null) =>
    given(unitId, {
      type: 'RegisterUnit',
      at: AT,
      unitId,
      name: unitId,
      kind: parentId ? 'window' : 'department',
      parent: parentId ? { unitId: parentId, exists: true, retired: false } : null,
      nameTakenBy: null,
    });

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool, db.url, { pollIntervalMs: 60_000 });
    children = new UnitChildren(store, db.pool);
    await register('dept-a', null);
    await register('win-a-02', 'dept-a');
    await register('win-a-01', 'dept-a');
    await register('dept-b', null);
    await register('win-b-01', 'dept-b');
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('names the registered children not retired, in id order, and only those of this parent', async () => {
    await given('win-a-02', { type: 'RetireUnit', at: AT, reason: '撤并', holdings: noHoldings });
    expect(await children.activeUnder('dept-a')).toEqual(['win-a-01']);
    expect(await children.activeUnder('dept-b')).toEqual(['win-b-01']);
    expect(await children.activeUnder('win-a-01')).toEqual([]);
  });

  it('counts a registration and a retirement committed a moment ago while an older transaction still runs', async () => {
    // An older transaction (a projector batch, say) holds the global log back: events committed after
    // it began stay out of readAll until it ends. The look-up must neither miss the new window nor
    // still count the retired one.
    const older = await db.pool.connect();
    // Its own session, outside the look-up's: a pooled one could be the look-up's, its query replaced by ours.
    const watcher = await db.pool.connect();
    try {
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()');
      await register('win-a-03', 'dept-a');
      await given('win-a-01', { type: 'RetireUnit', at: AT, reason: '撤并', holdings: noHoldings });
      const answer = children.activeUnder('dept-a');
      // The older transaction ends only once the look-up waits for it (it has asked whether the log has settled).
      await waitUntil(
        async () =>
          (
            await watcher.query(
              `SELECT 1 FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid()
                  AND query LIKE 'SELECT pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8%'`,
            )
          ).rowCount,
        { timeoutMs: 10_000, failure: 'the look-up never waited for the older transaction' },
      );
      await older.query('COMMIT');
      expect(await answer).toEqual(['win-a-02', 'win-a-03']);
    } finally {
      watcher.release();
      older.release();
    }
  });
});
