import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { CheckpointLedger, loadSigningKey, PostgresEventStore, signCheckpoints, type CheckpointSigningKey } from '@app/event-store';
import type { CheckpointSigningReport } from '../../apps/api/src/health/checkpoint-signing';
import { ApiClient } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { waitUntilVisible } from '../support/event-log';
import { TEST_UNITS_SEED } from '../support/test-units';
import { waitUntil } from '../support/wait';

/**
 * Health tells whether the log's checkpoints are still being signed: a signer stuck (here: nobody
 * signs, as when the projector has no key or every round fails) or a row planted in audit_checkpoints
 * by the application's role makes it `degraded`; signing current again (past the planted row) makes
 * it `ok`, the planted row being then `audit verify`'s to name.
 */
describe('health: signed checkpoints', () => {
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'health-signing-'));
  const keyFile = path.join(keyDir, 'checkpoint-key.pem');
  let key: CheckpointSigningKey;
  let api: TestApi;
  let store: PostgresEventStore;
  let client: ApiClient;

  beforeAll(() => {
    fs.writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    key = loadSigningKey({ signingKeyFile: keyFile, generateIfMissing: false });
  });
  beforeEach(async () => {
    api = await startTestApi({
      now: '2026-11-16T09:00:00+08:00',
      env: { UNITS_SEED_FILE: TEST_UNITS_SEED, AUDIT_SIGNING_KEY_FILE: keyFile, AUDIT_CHECKPOINT_STALE_SECONDS: '1' },
    });
    store = new PostgresEventStore(api.db.pool, api.db.url, { pollIntervalMs: 60_000 });
    client = new ApiClient(api);
  });
  afterEach(async () => {
    await store.close();
    await api.close();
  });
  afterAll(() => fs.rmSync(keyDir, { recursive: true, force: true }));

  const file = async (title: string) => {
    await client.file({ title, complainedUnitId: 'dept-market', receivedAt: '2026-11-16T08:30:00+08:00' });
    // The log's last committed event, visible before the signer (which reads what is visible) runs.
    await waitUntilVisible(store, (await store.backlog({ limit: 1 })).headPosition!);
  };
  /** What the projector does every interval. */
  const sign = () => signCheckpoints(store, new CheckpointLedger(api.db.pool), key);
  const status = async () => (await api.http.get('/health').expect(200)).body.status as string;
  const details = async () =>
    (await api.http.get('/api/v1/health/details').set(as.admin).expect(200)).body as { status: string; signing: CheckpointSigningReport };

  it('events left unsigned past AUDIT_CHECKPOINT_STALE_SECONDS: degraded, saying since when; ok once a checkpoint covers them', async () => {
    await file('窗口办事排长队');
    const unsigned = await waitUntil(
      async () => {
        const report = await details();
        return report.signing.unsignedSeconds >= 1 ? report : undefined;
      },
      { failure: 'the unsigned event never got a second old' },
    );
    expect(unsigned).toMatchObject({
      status: 'degraded',
      signing: { keyId: key.keyId, newest: null, lastValid: null, unsignedSince: expect.any(String), staleAfterSeconds: 1 },
    });
    expect(await status()).toBe('degraded');

    const [checkpoint] = await sign();
    const signed = await details();
    expect(signed).toMatchObject({
      status: 'ok',
      signing: { newest: { sequence: 1, problem: null }, lastValid: { sequence: 1 }, unsignedSince: null, unsignedSeconds: 0 },
    });
    expect(signed.signing.lastValid?.upToPosition).toBe(JSON.parse(checkpoint.statement).upToPosition);
    expect(await status()).toBe('ok');
  });

  it('a row planted by the application role: degraded while it is the newest; ok once a checkpoint is signed past it, which verify accepts', async () => {
    await file('审批材料反复退回');
    await sign();
    expect(await status()).toBe('ok');

    const app = new Pool({ connectionString: api.db.appUrl, max: 1 });
    try {
      const forged = JSON.stringify({
        sequence: 2,
        previous: null,
        upToPosition: '999999999',
        heads: [],
        signedAt: new Date().toISOString(),
        keyId: key.keyId,
      });
      await app.query('INSERT INTO audit_checkpoints (sequence, statement, signature) VALUES (2, $1, $2)', [forged, 'AAAA']);
    } finally {
      await app.end();
    }
    // Degraded at once, not only once events wait: the newest row does not verify.
    const planted = await details();
    expect(planted).toMatchObject({
      status: 'degraded',
      signing: {
        newest: { sequence: 2, problem: 'its signature does not match its statement' },
        lastValid: { sequence: 1 },
        unsignedSeconds: 0,
      },
    });
    expect(await status()).toBe('degraded');

    await file('投诉后无人回访');
    expect((await sign()).map((c) => c.sequence)).toEqual([3]);
    expect(await details()).toMatchObject({
      status: 'ok',
      signing: { newest: { sequence: 3, problem: null }, lastValid: { sequence: 3 }, unsignedSeconds: 0 },
    });
    expect(await status()).toBe('ok');

    const verified = (await api.http.get('/api/v1/audit/verify').set(as.discipline).expect(200)).body;
    expect(verified).toMatchObject({ ok: false, failureCount: 1, firstFailure: { kind: 'checkpoint_invalid', checkpoint: 2 } });
    expect(verified.checkpoints.last).toMatchObject({ sequence: 3 });
  });
});
