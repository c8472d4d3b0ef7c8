import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckpointLedger, loadSigningKey, PostgresEventStore, signCheckpoints, type CheckpointSigningKey } from '@app/event-store';
import { waitUntilVisible } from '../support/event-log';
import { ApiClient } from '../support/api-client';
import { as, startTestApi, type TestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';

/**
 * Tamper evidence over HTTP (issue 9 part 4): the discipline office verifies the log, the result is
 * itself recorded, and anyone may fetch the key the checkpoints are signed with.
 */
describe('GET /api/v1/audit/verify and /api/v1/audit/checkpoint-key', () => {
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-verify-e2e-'));
  const keyFile = path.join(keyDir, 'checkpoint-key.pem');
  let api: TestApi;
  let store: PostgresEventStore;
  let key: CheckpointSigningKey;
  let caseId = '';

  beforeAll(async () => {
    fs.writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    key = loadSigningKey({ signingKeyFile: keyFile, generateIfMissing: false });
    api = await startTestApi({
      now: '2026-11-16T09:00:00+08:00',
      env: { UNITS_SEED_FILE: TEST_UNITS_SEED, AUDIT_SIGNING_KEY_FILE: keyFile },
    });
    store = new PostgresEventStore(api.db.pool, api.db.url, { pollIntervalMs: 60_000 });
    const client = new ApiClient(api);
    caseId = await client.file({
      title: '营业执照变更窗口推诿',
      description: '材料“一次性告知”未落实',
      complainedUnitId: 'dept-market',
      receivedAt: '2026-11-16T08:30:00+08:00',
      complainant: { anonymous: true },
    });
    const accepted = (await client.accept(caseId)) as { position: string };
    await waitUntilVisible(store, BigInt(accepted.position));
    // What the projector does every minute.
    expect(await signCheckpoints(store, new CheckpointLedger(api.db.pool), key)).toHaveLength(1);
  });
  afterAll(async () => {
    await store.close();
    await api.close();
    fs.rmSync(keyDir, { recursive: true, force: true });
  });

  it('the discipline office verifies the log; the result is recorded in its name', async () => {
    const { body } = await api.http.get('/api/v1/audit/verify').set(as.discipline).expect(200);
    expect(body).toMatchObject({
      ok: true,
      failureCount: 0,
      firstFailure: null,
      checkpoints: { count: 1, last: { sequence: 1, keyId: key.keyId } },
      recorded: { streamId: 'audit-verifications-2026', version: 1 },
    });
    expect(body.events).toBeGreaterThanOrEqual(2);
    const [recorded] = await store.readStream('audit-verifications-2026');
    expect(recorded).toMatchObject({ type: 'AuditLogVerified', data: { ok: true }, metadata: { actorId: 'jjjc-li', role: 'discipline' } });
  });

  it.each([
    ['intake', as.intake],
    ['admin', as.admin],
    ['dashboard', as.dashboard],
    ['unit', as.unit('dept-market')],
  ])('is refused to the %s role (403)', async (_, who) => {
    await api.http.get('/api/v1/audit/verify').set(who).expect(403);
  });

  it('after a superuser changed one byte of an event, names that event (stream, version, position)', async () => {
    const { rows } = await api.db.pool.query<{ position: string; event_id: string }>(
      'SELECT global_position::text AS position, event_id::text FROM events WHERE stream_id = $1 AND stream_version = 1',
      [`case-${caseId}`],
    );
    const client = await api.db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(`UPDATE events SET data = jsonb_set(data, '{title}', '"营业执照变更窗口推诿!"') WHERE event_id = $1`, [
        rows[0].event_id,
      ]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const { body } = await api.http.get('/api/v1/audit/verify').set(as.discipline).expect(200);
    expect(body.ok).toBe(false);
    expect(body.firstFailure).toMatchObject({
      kind: 'hash_mismatch',
      streamId: `case-${caseId}`,
      version: 1,
      position: rows[0].position,
      eventId: rows[0].event_id,
    });
    const recorded = await store.readStream('audit-verifications-2026');
    expect(recorded.at(-1)).toMatchObject({ data: { ok: false, firstFailure: { kind: 'hash_mismatch', version: 1 } } });
  });

  it('publishes the checkpoint key to anyone; a checkpoint checks out with it', async () => {
    const { body } = await api.http.get('/api/v1/audit/checkpoint-key').expect(200);
    expect(body).toMatchObject({ algorithm: 'Ed25519', keyId: key.keyId, jwk: { kty: 'OKP', crv: 'Ed25519', kid: key.keyId } });
    const [checkpoint] = await new CheckpointLedger(api.db.pool).all();
    const publicKey = createPublicKey({ key: body.jwk, format: 'jwk' });
    expect(verify(null, Buffer.from(checkpoint.statement), publicKey, Buffer.from(checkpoint.signature, 'base64url'))).toBe(true);
    expect(createPublicKey(body.pem).export({ format: 'jwk' })).toMatchObject({ x: body.jwk.x });
  });
});
