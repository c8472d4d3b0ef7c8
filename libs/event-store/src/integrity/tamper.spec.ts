import { generateKeyPairSync, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PoolClient } from 'pg';
import { waitUntilVisible } from '../../../../test/support/event-log';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { newEvent } from '../contract/helpers';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { loadSigningKey, loadVerifyKey, type CheckpointSigningKey } from './checkpoint-key';
import { CheckpointLedger, parseStatement } from './checkpoints';
import { signCheckpoints } from './sign-checkpoints';
import { sha256Hex } from './event-hash';
import { AUDIT_LOG_VERIFIED, recordVerification } from './verification-record';
import { verifyLog, type LogVerification } from './verify-log';

/**
 * Issue 9, part 4, "Must show": a superuser changes or deletes rows of the log behind the
 * application's back; the verifier names what was done. The log is a small one: three case streams,
 * covered by a signed checkpoint.
 */
describe('tamper evidence on PostgreSQL', () => {
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoint-key-'));
  const keyFiles = { signingKeyFile: path.join(keyDir, 'signing.pem'), generateIfMissing: true };
  let key: CheckpointSigningKey;
  let db: TestDatabase;
  let store: PostgresEventStore;
  let ledger: CheckpointLedger;
  const streams = { a: '', b: '', c: '' };

  beforeAll(() => (key = loadSigningKey(keyFiles)));
  afterAll(() => fs.rmSync(keyDir, { recursive: true, force: true }));

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool, db.url, { pollIntervalMs: 60_000 });
    ledger = new CheckpointLedger(db.pool);
    const tag = randomUUID().slice(0, 8);
    Object.assign(streams, { a: `case-a${tag}`, b: `case-b${tag}`, c: `case-c${tag}` });
    await append(streams.a, 4);
    await append(streams.b, 3);
    await append(streams.c, 2);
    expect(await signCheckpoints(store, ledger, key)).toHaveLength(1);
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  async function append(streamId: string, count: number): Promise<void> {
    const events = Array.from({ length: count }, (_, i) => newEvent('Handled', { title: '许可证办理反复补材料', days: 10 + i }));
    const { position } = await store.appendToStream(streamId, events, { expectedVersion: 'any' });
    await waitUntilVisible(store, position);
  }

  /** What someone with a superuser connection can do: switch the triggers off and edit the table. */
  async function asSuperuser(work: (client: PoolClient) => Promise<unknown>): Promise<void> {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await work(client);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  const verify = () => verifyLog(store, ledger, { key: loadVerifyKey(keyFiles, { generate: false }) });
  const rowOf = async (streamId: string, version: number) =>
    (
      await db.pool.query<{ position: string; event_id: string }>(
        'SELECT global_position::text AS position, event_id::text FROM events WHERE stream_id = $1 AND stream_version = $2',
        [streamId, version],
      )
    ).rows[0];

  it('an untouched log verifies: every event, every stream, the checkpoint', async () => {
    const result = await verify();
    expect(result).toMatchObject({ ok: true, events: 9, streams: 3, failureCount: 0, firstFailure: null, unchainedEvents: 0 });
    expect(result.checkpoints).toMatchObject({ count: 1, last: { sequence: 1, keyId: key.keyId } });
  });

  it('change one byte of one event’s data (superuser) → verify names exactly that event: stream, version, position', async () => {
    const target = await rowOf(streams.b, 2);
    await asSuperuser((client) =>
      // "days":11 becomes "days":19: one byte of the stored JSON.
      client.query(`UPDATE events SET data = jsonb_set(data, '{days}', '19') WHERE stream_id = $1 AND stream_version = 2`, [streams.b]),
    );
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.failureCount).toBe(1);
    expect(result.firstFailure).toEqual({
      kind: 'hash_mismatch',
      streamId: streams.b,
      version: 2,
      position: target.position,
      eventId: target.event_id,
      checkpoint: null,
      message: `${streams.b} version 2 does not match its hash: its content or its place was changed`,
    });
  });

  it('delete one event row (superuser) → verify reports the gap before the next event', async () => {
    const next = await rowOf(streams.a, 3);
    await asSuperuser((client) => client.query('DELETE FROM events WHERE stream_id = $1 AND stream_version = 2', [streams.a]));
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.failureCount).toBe(1);
    expect(result.firstFailure).toMatchObject({
      kind: 'version_gap',
      streamId: streams.a,
      version: 3,
      position: next.position,
      message: `${streams.a} version 3: version 2 is missing before it`,
    });
  });

  it('delete a whole stream (superuser) → the checkpoint check reports it', async () => {
    await asSuperuser((client) => client.query('DELETE FROM events WHERE stream_id = $1', [streams.c]));
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.failureCount).toBe(1);
    expect(result.firstFailure).toEqual({
      kind: 'stream_missing',
      streamId: streams.c,
      version: 2,
      position: null,
      eventId: null,
      checkpoint: 1,
      message: `Stream ${streams.c} is gone: checkpoint 1 signed it at version 2`,
    });
  });

  it('delete the last events of a stream (superuser) → the checkpoint check reports the truncation', async () => {
    await asSuperuser((client) => client.query('DELETE FROM events WHERE stream_id = $1 AND stream_version > 1', [streams.b]));
    const result = await verify();
    expect(result.firstFailure).toMatchObject({ kind: 'stream_truncated', streamId: streams.b, version: 3, checkpoint: 1 });
    expect(result.failureCount).toBe(1);
  });

  it('rewrite a stream and recompute its whole chain (superuser) → the checkpoint no longer matches its head', async () => {
    await asSuperuser(async (client) => {
      await client.query(`UPDATE events SET data = jsonb_set(data, '{days}', '99') WHERE stream_id = $1 AND stream_version = 2`, [
        streams.a,
      ]);
      // The forger knows the algorithm: recompute the chain from version 2 on, in order.
      for (const version of [2, 3, 4]) {
        await client.query(
          `UPDATE events e SET hash = event_chain_hash(event_chain_json(e.data), e.event_id, event_chain_json(e.metadata),
                  (SELECT p.hash FROM events p WHERE p.stream_id = e.stream_id AND p.stream_version = e.stream_version - 1),
                  e.recorded_at, e.schema_version, e.stream_id, e.stream_version, e.type)
            WHERE e.stream_id = $1 AND e.stream_version = $2`,
          [streams.a, version],
        );
      }
    });
    const result = await verify();
    const head = await rowOf(streams.a, 4);
    expect(result.failureCount).toBe(1);
    expect(result.firstFailure).toMatchObject({
      kind: 'checkpoint_mismatch',
      streamId: streams.a,
      version: 4,
      position: head.position,
      checkpoint: 1,
    });
  });

  it('a checkpoint edited or signed with another key (superuser) → reported as invalid', async () => {
    await asSuperuser((client) =>
      client.query(`UPDATE audit_checkpoints SET statement = replace(statement, '"version":4', '"version":3')`),
    );
    expect((await verify()).firstFailure).toMatchObject({
      kind: 'checkpoint_invalid',
      checkpoint: 1,
      message: 'Checkpoint 1: its signature does not match its statement',
    });

    const otherKeyFile = path.join(keyDir, 'other.pem');
    fs.writeFileSync(otherKeyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const other = verifyLog(store, ledger, {
      key: loadVerifyKey({ signingKeyFile: otherKeyFile, generateIfMissing: false }, { generate: false }),
    });
    expect((await other).firstFailure).toMatchObject({
      kind: 'checkpoint_invalid',
      message: expect.stringMatching(/^Checkpoint 1: it names key .*, not the checkpoint key/),
    });
  });

  it('a checkpoint removed from the middle (superuser) → the next one no longer follows', async () => {
    await append(streams.a, 1);
    await signCheckpoints(store, ledger, key);
    await append(streams.b, 1);
    await signCheckpoints(store, ledger, key);
    await asSuperuser((client) => client.query('DELETE FROM audit_checkpoints WHERE sequence = 2'));
    expect((await verify()).firstFailure).toMatchObject({
      kind: 'checkpoint_invalid',
      checkpoint: 3,
      message: 'Checkpoint 3: checkpoint 2 is missing before it',
    });
  });
});

describe('signed checkpoints', () => {
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoint-key-'));
  const keyFiles = { signingKeyFile: path.join(keyDir, 'dev', 'signing.pem'), generateIfMissing: true };
  let db: TestDatabase;
  let store: PostgresEventStore;
  let ledger: CheckpointLedger;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool, db.url, { pollIntervalMs: 60_000 });
    ledger = new CheckpointLedger(db.pool);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
    fs.rmSync(keyDir, { recursive: true, force: true });
  });

  const appendVisible = async (streamId: string, count = 1) => {
    const { position } = await store.appendToStream(
      streamId,
      Array.from({ length: count }, () => newEvent()),
      { expectedVersion: 'any' },
    );
    await waitUntilVisible(store, position);
  };

  it('sign the heads changed since the previous checkpoint, chained to it; nothing changed, nothing signed', async () => {
    const key = loadSigningKey(keyFiles);
    expect(fs.statSync(keyFiles.signingKeyFile).mode & 0o777).toBe(0o600);
    expect(loadSigningKey(keyFiles).keyId).toBe(key.keyId);

    await appendVisible('case-x', 2);
    await appendVisible('case-y', 1);
    const [first] = await signCheckpoints(store, ledger, key, { now: () => new Date('2026-11-20T02:00:00Z') });
    const firstStatement = parseStatement(first.statement);
    expect(firstStatement).toMatchObject({ sequence: 1, previous: null, signedAt: '2026-11-20T02:00:00.000Z', keyId: key.keyId });
    expect(firstStatement.heads.map((h) => [h.streamId, h.version])).toEqual([
      ['case-x', 2],
      ['case-y', 1],
    ]);
    expect(await signCheckpoints(store, ledger, key)).toEqual([]);

    await appendVisible('case-y', 2);
    const [second] = await signCheckpoints(store, ledger, key);
    const secondStatement = parseStatement(second.statement);
    expect(secondStatement).toMatchObject({ sequence: 2, previous: sha256Hex(first.statement) });
    expect(secondStatement.heads).toEqual([{ streamId: 'case-y', version: 3, hash: (await store.readStream('case-y'))[2].hash }]);
    expect(BigInt(secondStatement.upToPosition) > BigInt(firstStatement.upToPosition)).toBe(true);
  });

  it('split a log with many changed streams over several checkpoints', async () => {
    const key = loadSigningKey(keyFiles);
    for (let i = 0; i < 5; i++) await appendVisible(`case-many-${i}`);
    const added = await signCheckpoints(store, ledger, key, { maxHeads: 2 });
    expect(added.map((c) => parseStatement(c.statement).heads.length)).toEqual([2, 2, 1]);
    expect((await verifyLog(store, ledger, { key })).ok).toBe(true);
  });

  it('record a verification in the log, where it is chained and checkpointed like any event', async () => {
    const key = loadSigningKey(keyFiles);
    const result: LogVerification = await verifyLog(store, ledger, { key, now: () => new Date('2026-11-20T03:00:00Z') });
    const { position } = await recordVerification(store, result, {
      actorId: 'jjjc-li',
      role: 'discipline',
      unitId: null,
      correlationId: 'c-1',
    });
    await waitUntilVisible(store, position);
    const [recorded] = await store.readStream('audit-verifications-2026');
    expect(recorded).toMatchObject({
      type: AUDIT_LOG_VERIFIED,
      data: { ok: true, events: result.events, failureCount: 0, firstFailure: null, failures: [] },
      metadata: { actorId: 'jjjc-li', role: 'discipline', occurredAt: '2026-11-20T03:00:00.000Z' },
    });
    const [checkpoint] = await signCheckpoints(store, ledger, key);
    expect(parseStatement(checkpoint.statement).heads.map((h) => h.streamId)).toEqual(['audit-verifications-2026']);
  });
});
