import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { CheckpointLedger, loadVerifyKey, verifyLog } from '@app/event-store';
import { ManualClock } from '@app/platform';
import { appendVisible, useEventStoreDatabase } from '../../../../test/support/event-log';
import { waitUntil } from '../../../../test/support/wait';
import { CheckpointSigner } from './checkpoint-signer';

describe('CheckpointSigner', () => {
  const db = useEventStoreDatabase();
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoint-signer-'));
  afterAll(() => fs.rmSync(keyDir, { recursive: true, force: true }));

  const logger = () => ({ log: jest.fn(), error: jest.fn() });

  it('signs a checkpoint every interval once there is something new, with a key generated on first use', async () => {
    const keyFiles = { signingKeyFile: path.join(keyDir, 'dev', 'key.pem'), generateIfMissing: true };
    const log = logger();
    const signer = new CheckpointSigner(
      { pool: db.pool, store: db.store, clock: new ManualClock('2026-11-20T10:00:00+08:00'), keyFiles, logger: log },
      50,
    );
    // Rounds completed, counted, so "nothing new, nothing signed" is checked after rounds that ran, not after a sleep.
    let rounds = 0;
    const signNow = signer.signNow.bind(signer);
    jest.spyOn(signer, 'signNow').mockImplementation(() => signNow().finally(() => rounds++));
    await appendVisible(db.store, 'case-1', [{ type: 'ComplaintFiled', data: {} }]);
    signer.start();
    const ledger = new CheckpointLedger(db.pool);
    await waitUntil(async () => (await ledger.last())?.sequence === 1);
    await appendVisible(db.store, 'case-2', [{ type: 'ComplaintFiled', data: {} }]);
    await waitUntil(async () => (await ledger.last())?.sequence === 2);
    const after = rounds;
    await waitUntil(() => rounds >= after + 2, { failure: 'the signer stopped running rounds' });
    await signer.stop();

    expect((await ledger.all()).map((c) => c.sequence)).toEqual([1, 2]);
    expect(log.log).toHaveBeenCalledWith(expect.stringMatching(/^Checkpoint 1 signed: 1 streams up to position \d+$/));
    expect(log.error).not.toHaveBeenCalled();
    const result = await verifyLog(db.store, ledger, { key: loadVerifyKey(keyFiles, { generate: false }) });
    expect(result).toMatchObject({ ok: true, checkpoints: { count: 2, last: { sequence: 2, signedAt: '2026-11-20T02:00:00.000Z' } } });
  });

  it('a round that fails is logged and tried again; the signer keeps going', async () => {
    const keyFiles = { signingKeyFile: path.join(keyDir, 'absent.pem'), generateIfMissing: false };
    const log = logger();
    const signer = new CheckpointSigner(
      { pool: db.pool, store: db.store, clock: new ManualClock('2026-11-20T10:00:00+08:00'), keyFiles, logger: log },
      20,
    );
    signer.start();
    await waitUntil(() => log.error.mock.calls.length >= 2);
    await signer.stop();
    expect(log.error).toHaveBeenCalledWith(
      expect.stringMatching(/^Checkpoint not signed, trying again later: Checkpoint signing key .*absent.pem not found$/),
    );
  });
  it('a row planted by the application role does not stop it: it says so, and signs the next checkpoint past it', async () => {
    const keyFiles = { signingKeyFile: path.join(keyDir, 'planted', 'key.pem'), generateIfMissing: true };
    const log = logger();
    const signer = new CheckpointSigner(
      { pool: db.pool, store: db.store, clock: new ManualClock('2026-11-20T10:00:00+08:00'), keyFiles, logger: log },
      20,
    );
    const ledger = new CheckpointLedger(db.pool);
    await appendVisible(db.store, 'case-p1', [{ type: 'ComplaintFiled', data: {} }]);
    const [first] = await signer.signNow();
    const app = new Pool({ connectionString: db.appUrl, max: 1 });
    try {
      await app.query(`INSERT INTO audit_checkpoints (sequence, statement, signature) VALUES ($1, 'forged', 'forged')`, [
        first.sequence + 1,
      ]);
    } finally {
      await app.end();
    }
    await appendVisible(db.store, 'case-p2', [{ type: 'ComplaintFiled', data: {} }]);
    signer.start();
    await waitUntil(async () => (await ledger.last())?.sequence === first.sequence + 2, { failure: 'nothing signed past the planted row' });
    await signer.stop();

    expect(log.error).toHaveBeenCalledWith(
      `Checkpoint ${first.sequence + 1} does not verify (its statement is not a checkpoint): not building on it; ` +
        'the next checkpoint chains past it (npm run audit -- verify names it)',
    );
    const result = await verifyLog(db.store, ledger, { key: loadVerifyKey(keyFiles, { generate: false }) });
    expect(result.failures.map((f) => f.checkpoint)).toEqual([first.sequence + 1]);
    expect(result.checkpoints.last?.sequence).toBe(first.sequence + 2);
  });
});
