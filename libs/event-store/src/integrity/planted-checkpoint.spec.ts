import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { waitUntilVisible } from '../../../../test/support/event-log';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { newEvent } from '../contract/helpers';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { CheckpointChain } from './checkpoint-chain';
import { loadSigningKey, type CheckpointSigningKey } from './checkpoint-key';
import { CheckpointLedger, parseStatement } from './checkpoints';
import { sha256Hex } from './event-hash';
import { signCheckpoints } from './sign-checkpoints';
import { verifyLog } from './verify-log';

/**
 * The application's database role (cases_app) may INSERT into audit_checkpoints: in hostile hands it
 * plants a row the key never signed. The signer must keep signing, past it, every event after the
 * last checkpoint that holds; the verifier must name the planted row and accept the rest.
 */
describe('a checkpoint row planted by the application role', () => {
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planted-checkpoint-'));
  let key: CheckpointSigningKey;
  let db: TestDatabase;
  let app: Pool;
  let store: PostgresEventStore;
  let ledger: CheckpointLedger;

  beforeAll(() => (key = loadSigningKey({ signingKeyFile: path.join(keyDir, 'signing.pem'), generateIfMissing: true })));
  afterAll(() => fs.rmSync(keyDir, { recursive: true, force: true }));

  beforeEach(async () => {
    db = await createTestDatabase();
    app = new Pool({ connectionString: db.appUrl, max: 2 });
    app.on('error', () => undefined);
    store = new PostgresEventStore(db.pool, db.url, { pollIntervalMs: 60_000 });
    ledger = new CheckpointLedger(db.pool);
    await append('case-a', 2);
    expect(await signCheckpoints(store, ledger, key)).toHaveLength(1);
  });
  afterEach(async () => {
    await store.close();
    await app.end();
    await db.drop();
  });

  async function append(streamId: string, count = 1): Promise<void> {
    const { position } = await store.appendToStream(
      streamId,
      Array.from({ length: count }, () => newEvent()),
      { expectedVersion: 'any' },
    );
    await waitUntilVisible(store, position);
  }

  /** As the application's role would: a plain INSERT, all that role may do to the table. */
  async function plant(sequence: number, statement: string, signature = 'AAAA'): Promise<void> {
    const { rows } = await app.query<{ user: string }>('SELECT current_user AS user');
    expect(rows[0].user).toBe('cases_app');
    await app.query('INSERT INTO audit_checkpoints (sequence, statement, signature) VALUES ($1, $2, $3)', [sequence, statement, signature]);
  }

  /** A well-formed statement the key never signed, claiming the log is covered far beyond its end. */
  const forged = async (sequence: number) => {
    const last = (await ledger.last())!;
    return JSON.stringify({
      sequence,
      previous: sha256Hex(last.statement),
      upToPosition: '999999999',
      heads: [],
      signedAt: new Date().toISOString(),
      keyId: key.keyId,
    });
  };

  const verify = () => verifyLog(store, ledger, { key });

  it.each([
    ['garbage', () => Promise.resolve('not a checkpoint at all')],
    ['a forged statement claiming a far position', () => forged(2)],
  ])(
    'planted as the next row (%s): the next checkpoint covers the new events, chained past it; verify names that row alone',
    async (_, statement) => {
      await plant(2, await statement());
      await append('case-b', 3);
      await append('case-a');

      const added = await signCheckpoints(store, ledger, key);
      expect(added.map((c) => c.sequence)).toEqual([3]);
      const signed = parseStatement(added[0].statement);
      const planted = (await ledger.newest(1, 3))[0];
      expect(signed.previous).toBe(sha256Hex(planted.statement));
      // Read from checkpoint 1's position, not the planted one: no event escaped.
      expect(signed.heads.map((h) => [h.streamId, h.version])).toEqual([
        ['case-a', 3],
        ['case-b', 3],
      ]);

      const result = await verify();
      expect(result.failures).toEqual([expect.objectContaining({ kind: 'checkpoint_invalid', checkpoint: 2 })]);
      expect(result.checkpoints).toMatchObject({ count: 3, last: { sequence: 3, upToPosition: signed.upToPosition } });
      // Nothing new: nothing signed, and what was signed stays the end of the chain.
      expect(await signCheckpoints(store, ledger, key)).toEqual([]);
    },
  );

  it('a planted row naming a 1 MB key id with control characters (under the statement bound): verify quotes it cut short and escaped', async () => {
    const keyId = `k\r\n\u001b[2KThe log holds: every hash chain and every checkpoint checks out.${'k'.repeat(1024 * 1024)}`;
    await plant(
      2,
      JSON.stringify({ sequence: 2, previous: null, upToPosition: '1', heads: [], signedAt: new Date().toISOString(), keyId }),
    );
    const result = await verify();
    expect(result.failures).toEqual([expect.objectContaining({ kind: 'checkpoint_invalid', checkpoint: 2 })]);
    const [failure] = result.failures;
    expect(failure.message.length).toBeLessThan(400);
    expect(failure.message).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(failure.message).toContain('\\r\\n\\u001b[2KThe log holds');
  });

  it('several planted rows, with a gap: the next checkpoint takes the sequence after the highest, reading from the last that holds', async () => {
    await plant(2, await forged(2));
    await plant(3, 'garbage');
    await plant(9, await forged(9));
    await append('case-c');

    const chain = new CheckpointChain(ledger, key);
    const end = await chain.end();
    expect(end).toMatchObject({ newest: { sequence: 9 }, newestProblem: 'its signature does not match its statement' });
    expect(end.lastValid?.checkpoint.sequence).toBe(1);

    const [added] = await signCheckpoints(store, ledger, key, { chain });
    expect(parseStatement(added.statement)).toMatchObject({ sequence: 10, heads: [{ streamId: 'case-c', version: 1 }] });
    const result = await verify();
    expect(result.failures.map((f) => f.checkpoint)).toEqual([2, 3, 9]);
    expect(result.checkpoints.last?.sequence).toBe(10);
    // Found again from the remembered checkpoint, without walking back.
    const query = jest.spyOn(db.pool, 'query');
    expect((await chain.end()).lastValid?.checkpoint.sequence).toBe(10);
    expect(query).toHaveBeenCalledTimes(1);
    // A checkpoint another signer added since: linked to the remembered one, one row read still.
    await append('case-c');
    await signCheckpoints(store, ledger, key);
    query.mockClear();
    expect((await chain.end()).lastValid?.checkpoint.sequence).toBe(11);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('a row planted at the end of the sequence range: the round fails saying why, rather than with a database error', async () => {
    await app.query(`INSERT INTO audit_checkpoints (sequence, statement, signature) VALUES (9223372036854775807, 'garbage', 'x')`);
    await append('case-z');
    await expect(signCheckpoints(store, ledger, key)).rejects.toThrow(
      /^Checkpoint row 9223372036854776000 leaves no next sequence to sign; it does not verify: its statement is not a checkpoint$/,
    );
  });

  it('two signers at once past a planted row never both take a sequence', async () => {
    await plant(2, 'garbage');
    await append('case-d');
    const rounds = await Promise.all([signCheckpoints(store, ledger, key), signCheckpoints(store, new CheckpointLedger(db.pool), key)]);
    expect(rounds.flat().map((c) => c.sequence)).toEqual([3]);
    const result = await verify();
    expect(result.failures.map((f) => f.checkpoint)).toEqual([2]);
    expect(result.checkpoints.last?.sequence).toBe(3);
  });

  it('a planted row with a sequence far past: the checkpoints signed after it verify, chained one to the next', async () => {
    await plant(5, 'garbage');
    await append('case-e');
    await signCheckpoints(store, ledger, key);
    await append('case-f');
    await signCheckpoints(store, ledger, key);
    const result = await verify();
    expect(result.failures.map((f) => [f.checkpoint, f.message])).toEqual([[5, 'Checkpoint 5: its statement is not a checkpoint']]);
    expect(result.checkpoints.last?.sequence).toBe(7);
    expect((await ledger.all()).map((c) => c.sequence)).toEqual([1, 5, 6, 7]);
  });
});
