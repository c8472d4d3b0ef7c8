import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { CheckpointLedger, loadSigningKey, signCheckpoints, verifyLog } from '@app/event-store';
import type { RuntimeConfig } from '@app/platform';
import { STOPPED_AFTER_ATTEMPTS } from '@app/projections';
import { newEvents, useEventStoreDatabase, waitUntilVisible } from '../../../../test/support/event-log';
import { HealthProbe } from './health-probe';
import { ProjectionLagProbe } from './projection-lag';
import { VisibilityProbe } from './visibility';

/**
 * The anonymous /health reads rows the application's role (cases_app) may write: the newest
 * checkpoint row and projection_stops. Planted ones must not make it expensive: an oversized
 * checkpoint statement is never loaded (it is simply a row that does not verify), a stop's text is
 * read cut short, and a stop of a read model this service does not have is not reported.
 */
describe('health over rows planted by the application role', () => {
  const db = useEventStoreDatabase();
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'health-planted-'));
  const signingKeyFile = path.join(keyDir, 'signing.pem');
  const key = loadSigningKey({ signingKeyFile, generateIfMissing: true });
  afterAll(() => fs.rmSync(keyDir, { recursive: true, force: true }));
  const tamperEvidence = { signingKeyFile, generateIfMissing: false, checkpointIntervalSeconds: 60, checkpointStaleSeconds: 300 };

  const probe = () =>
    new HealthProbe(db.pool, db.pool, db.store, new ProjectionLagProbe(db.pool, db.store), new VisibilityProbe(db.store), {
      tamperEvidence,
    } as RuntimeConfig);
  const asApp = async (sql: string, params: unknown[]) => {
    const app = new Pool({ connectionString: db.appUrl, max: 1 });
    try {
      expect((await app.query('SELECT current_user AS user')).rows[0].user).toBe('cases_app');
      await app.query(sql, params);
    } finally {
      await app.end();
    }
  };
  const append = async (streamId: string) => {
    const { position } = await db.store.appendToStream(streamId, newEvents([{ type: 'CaseFiled', data: {} }]), { expectedVersion: 'any' });
    await waitUntilVisible(db.store, position);
  };

  it('a newest checkpoint row with a 24 MB statement is not loaded: it does not verify, and the signer chains past it', async () => {
    const ledger = new CheckpointLedger(db.pool);
    await append('case-a');
    expect(await signCheckpoints(db.store, ledger, key)).toHaveLength(1);
    const huge = JSON.stringify({ sequence: 2, previous: null, upToPosition: '1', heads: [], keyId: 'k'.repeat(24 * 1024 * 1024) });
    await asApp('INSERT INTO audit_checkpoints (sequence, statement, signature) VALUES (2, $1, $2)', [huge, 'A'.repeat(5000)]);

    const [planted] = await ledger.newest(1);
    expect(planted).toMatchObject({ sequence: 2, statement: '', signature: '' });
    const report = await probe().report();
    expect(report.signing).toMatchObject({
      newest: { sequence: 2, problem: 'its statement is larger than any checkpoint' },
      lastValid: { sequence: 1 },
    });

    // The next checkpoint links to the planted row by the hash the database computed of it.
    await append('case-b');
    expect((await signCheckpoints(db.store, ledger, key)).map((c) => c.sequence)).toEqual([3]);
    const result = await verifyLog(db.store, ledger, { key });
    expect(result.failures).toEqual([
      expect.objectContaining({
        kind: 'checkpoint_invalid',
        checkpoint: 2,
        message: 'Checkpoint 2: its statement is larger than any checkpoint',
      }),
    ]);
    expect(result.checkpoints).toMatchObject({ count: 3, invalid: 1, last: { sequence: 3 } });
  });

  it('a planted stop of no read model of ours is not reported; a stop’s 30 MB error is read cut short', async () => {
    const plant = (name: string) =>
      asApp(
        `INSERT INTO projection_stops (name, position, stream_id, stream_version, event_type, error, attempts)
         VALUES ($1, 9000000000000000000, $2, 1, 'X', $3, $4)`,
        [name, 's'.repeat(100_000), 'e'.repeat(30 * 1024 * 1024), STOPPED_AFTER_ATTEMPTS + 1],
      );
    await plant('no-such-model');
    await plant('case-list');
    const report = await probe().report();
    expect(report.stoppedReadModels!.map((s) => s.name)).toEqual(['case-list']);
    const [stop] = report.stoppedReadModels!;
    expect(stop.error.length).toBeLessThanOrEqual(300);
    expect(stop.streamId.length).toBeLessThanOrEqual(300);
    expect(JSON.stringify(report).length).toBeLessThan(20_000);
  });
});
