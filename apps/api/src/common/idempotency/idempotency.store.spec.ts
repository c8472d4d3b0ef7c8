import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../../test/support/test-database';
import { waitUntil } from '../../../../../test/support/wait';
import { MasterKeyring } from '../../complainants/master-keyring';
import { IdempotencyStore, type HeldClaim } from './idempotency.store';
import { requestText } from './request-fingerprint';

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
  const filing = requestText('POST', '/api/v1/cases', { title: '许可证办理反复补材料' });
  const stores: IdempotencyStore[] = [];
  const storeOn = (pool: Pool) => {
    const store = new IdempotencyStore(pool, keyring);
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
