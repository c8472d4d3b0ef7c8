import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
});
