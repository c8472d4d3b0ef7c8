import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../../test/support/test-database';
import { waitUntil } from '../../../../../test/support/wait';
import { MasterKeyring } from '../../complainants/master-keyring';
import { IdempotencyRetention } from './idempotency-retention';
import { IdempotencyStore, type HeldClaim } from './idempotency.store';

/**
 * A pool whose first `failures` DELETEs fail as a restarting database fails them, the rest going to
 * the real one: what a release meets when the command it follows failed because the database went.
 */
function deletesFailingAtFirst(pool: Pool, failures: number): { pool: Pool; attempts: () => number } {
  let attempts = 0;
  const query = (text: string, values?: unknown[]) => {
    if (/^\s*DELETE/.test(text) && attempts++ < failures) return Promise.reject(new Error('Connection terminated unexpectedly'));
    return pool.query(text, values);
  };
  return { pool: { query } as unknown as Pool, attempts: () => attempts };
}

describe('IdempotencyStore: a claim whose command failed', () => {
  let db: TestDatabase;
  const keyring = new MasterKeyring([{ id: 'k1', key: randomBytes(32) }]);
  const filing = { method: 'POST', url: '/api/v1/cases', body: { title: '许可证办理反复补材料' } };
  const stores: IdempotencyStore[] = [];
  const storeOn = (pool: Pool) => {
    const store = new IdempotencyStore(pool, keyring, { idempotencyRetentionHours: 168 });
    stores.push(store);
    return store;
  };

  beforeAll(async () => (db = await createTestDatabase()));
  afterEach(() => stores.splice(0).forEach((store) => store.onApplicationShutdown()));
  afterAll(async () => db.drop());

  const claimed = async (store: IdempotencyStore, key: string): Promise<HeldClaim> => {
    const claim = await store.claim('intake-1', key, filing);
    if (claim.outcome !== 'claimed') throw new Error(`expected a claim, got ${claim.outcome}`);
    return claim.held;
  };

  it('is released, so that a retry runs the command again', async () => {
    const store = storeOn(db.pool);
    const held = await claimed(store, 'release-now');
    expect((await store.claim('intake-1', 'release-now', filing)).outcome).toBe('in_progress');
    await store.release(held);
    expect((await store.claim('intake-1', 'release-now', filing)).outcome).toBe('claimed');
  });

  it('is released once the database takes it again, not left to block retries for its whole lease', async () => {
    const failing = deletesFailingAtFirst(db.pool, 2);
    const store = storeOn(failing.pool);
    const held = await claimed(store, 'release-later');
    await store.release(held); // the database "away": not released now
    expect((await store.claim('intake-1', 'release-later', filing)).outcome).toBe('in_progress');
    // Tried again every second: released on the third try, long before the 30 s lease ends.
    await waitUntil(async () => (await store.claim('intake-1', 'release-later', filing)).outcome === 'claimed', {
      timeoutMs: 15_000,
      failure: 'the claim was not released once the database took it',
    });
    expect(failing.attempts()).toBe(3);
  });

  it('forgets only its own claim: one a retry took over after its lease ran out stays', async () => {
    const store = storeOn(db.pool);
    const first = await claimed(store, 'taken-over');
    await db.pool.query(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE idempotency_key = 'taken-over'`);
    const second = await claimed(store, 'taken-over');
    expect(second.lease).not.toBe(first.lease);
    await store.release(first);
    expect((await store.claim('intake-1', 'taken-over', filing)).outcome).toBe('in_progress');
    await store.release(second);
    expect((await store.claim('intake-1', 'taken-over', filing)).outcome).toBe('claimed');
  });
});

describe('IdempotencyStore: a record past its retention (IDEMPOTENCY_RETENTION_HOURS)', () => {
  let db: TestDatabase;
  const keyring = new MasterKeyring([{ id: 'k1', key: randomBytes(32) }]);
  const config = { idempotencyRetentionHours: 168 };
  const filing = { method: 'POST', url: '/api/v1/cases', body: { title: '许可证办理反复补材料' } };
  const another = { ...filing, body: { title: '占道经营无人管' } };
  const answer = { statusCode: 201, body: { id: 'c-1' }, headers: {} };
  let store: IdempotencyStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new IdempotencyStore(db.pool, keyring, config);
  });
  afterAll(async () => {
    store.onApplicationShutdown();
    await db.drop();
  });

  /** Makes the record as if it were made `hours` ago (its lease, for a pending one, left as it is). */
  const age = (key: string, hours: number) =>
    db.pool.query(`UPDATE idempotency_keys SET created_at = now() - make_interval(hours => $2) WHERE idempotency_key = $1`, [key, hours]);
  const completed = async (key: string, request = filing) => {
    expect((await store.claim('intake-1', key, request)).outcome).toBe('claimed');
    await store.complete('intake-1', key, answer);
  };

  it('is replayed while younger than the retention, and counts as absent once older, for any request', async () => {
    await completed('kept-a-week');
    await age('kept-a-week', 167);
    expect(await store.claim('intake-1', 'kept-a-week', filing)).toMatchObject({ outcome: 'replay', response: answer });
    expect((await store.claim('intake-1', 'kept-a-week', another)).outcome).toBe('key_reused');
    await age('kept-a-week', 169);
    // Claimed afresh, whatever the request (the sweep has not run): its command runs again.
    expect((await store.claim('intake-1', 'kept-a-week', another)).outcome).toBe('claimed');
    expect((await store.claim('intake-1', 'kept-a-week', another)).outcome).toBe('in_progress');
    await store.complete('intake-1', 'kept-a-week', { ...answer, body: { id: 'c-2' } });
    expect(await store.claim('intake-1', 'kept-a-week', another)).toMatchObject({ outcome: 'replay', response: { body: { id: 'c-2' } } });
    expect((await store.claim('intake-1', 'kept-a-week', filing)).outcome).toBe('key_reused');
  });

  it('is never a claim whose command may still be running: an old pending claim keeps its lease', async () => {
    expect((await store.claim('intake-1', 'still-running', filing)).outcome).toBe('claimed');
    await age('still-running', 200);
    expect((await store.claim('intake-1', 'still-running', filing)).outcome).toBe('in_progress');
    expect((await store.claim('intake-1', 'still-running', another)).outcome).toBe('key_reused');
  });

  it('is deleted by the sweep, a batch at a time, and nothing younger, nor a claim still running', async () => {
    const retention = new IdempotencyRetention(db.pool, config);
    await db.pool.query('DELETE FROM idempotency_keys');
    await completed('young');
    await age('young', 100);
    expect((await store.claim('intake-1', 'running', filing)).outcome).toBe('claimed');
    await age('running', 500);
    // 2,500 old records (more than two of the sweep's batches): answered ones and crashed claims.
    await db.pool.query(
      `INSERT INTO idempotency_keys (actor_id, idempotency_key, request_hash, state, locked_until, created_at)
       SELECT 'intake-1', 'old-' || i, 'k1:00', CASE WHEN i % 2 = 0 THEN 'completed' ELSE 'pending' END,
              now() - interval '200 hours', now() - interval '200 hours'
         FROM generate_series(1, 2500) AS i`,
    );
    expect(await retention.sweep()).toBe(2_500);
    const { rows } = await db.pool.query('SELECT idempotency_key FROM idempotency_keys ORDER BY 1');
    expect(rows.map((row) => row.idempotency_key)).toEqual(['running', 'young']);
    expect(await retention.sweep()).toBe(0);
  });
});
