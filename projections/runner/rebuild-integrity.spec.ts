import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { CheckpointLedger, loadSigningKey, signCheckpoints, verifyLog } from '@app/event-store';
import { appendToCase, useEventStoreDatabase } from '../../test/support/event-log';
import { waitUntil } from '../../test/support/wait';
import { caseListProjection } from '../case-list/case-list.projection';
import { buildRefusals } from './build-refusals';
import { readCheckpoint } from './checkpoint';
import { ProjectionRunner } from './projection-runner';
import { LogFailsVerification, rebuildProjection, type LogVerdict } from './rebuild';

/** A rebuild verifies the log first and refuses one that fails, unless forced (issue 9 part 4). */
describe('rebuilding from a log that fails verification', () => {
  const db = useEventStoreDatabase();
  const failing: LogVerdict = { failureCount: 1, firstFailure: { message: 'case-1 version 2 does not match its hash' } };
  const generationTables = async () =>
    (await db.pool.query("SELECT tablename FROM pg_tables WHERE tablename LIKE 'case_list__g%' ORDER BY tablename")).rows.map(
      (r) => r.tablename,
    );
  const checkpoint = () =>
    db.pool.connect().then(async (client) => {
      try {
        return await readCheckpoint(client, caseListProjection.name);
      } finally {
        client.release();
      }
    });

  beforeEach(async () => {
    await appendToCase(db.store, '00000000-0000-4000-8000-000000000001', { type: 'SomethingTheListIgnores', data: {} });
  });

  it('is refused before anything is replayed, naming the first failure', async () => {
    const verify = jest.fn(async () => failing);
    const attempt = rebuildProjection(db.pool, db.store, caseListProjection, { integrity: { verify } });
    await expect(attempt).rejects.toThrow(LogFailsVerification);
    await expect(attempt).rejects.toThrow(
      /^Refusing to rebuild case-list: the event log fails verification \(1 failures; first: case-1 version 2 does not match its hash\)/,
    );
    expect(verify).toHaveBeenCalledTimes(1);
    expect(await generationTables()).toEqual([]);
    expect(await checkpoint()).toBeNull();
  });

  it('goes ahead when forced, or when the log holds', async () => {
    await rebuildProjection(db.pool, db.store, caseListProjection, { integrity: { verify: async () => failing, force: true } });
    expect(await generationTables()).toEqual(['case_list__g1']);
    const holds = { ok: true, failureCount: 0, firstFailure: null };
    await rebuildProjection(db.pool, db.store, caseListProjection, { integrity: { verify: async () => holds } });
    expect((await checkpoint())?.generation).toBe(2);
  });

  it('goes ahead when only a read model does not match the log: a rebuild is what mends it', async () => {
    // As `audit verify` reports it (AuditVerification): not ok, the log's own failures none.
    const readModelTampered = {
      ok: false,
      failureCount: 0,
      firstFailure: null,
      readModel: {
        ok: false,
        failureCount: 1,
        firstFailure: { kind: 'row_missing', message: 'audit_events has no row for case-1 version 1' },
      },
    };
    await rebuildProjection(db.pool, db.store, caseListProjection, { integrity: { verify: async () => readModelTampered } });
    expect((await checkpoint())?.generation).toBe(1);
  });

  it('the projector does not build a read model from a failing log: it says why once, records the refusal, verifies no more, and follows it once forced', async () => {
    const errors: string[] = [];
    const logger = { log: () => undefined, warn: () => undefined, error: (message: string) => errors.push(message) };
    const verify = jest.fn(async () => failing);
    const runner = new ProjectionRunner(db.pool, db.store, caseListProjection, { logger, leaderRetryMs: 20, integrity: { verify } });
    runner.start();
    try {
      // Said once and recorded: no retry mends the log.
      await waitUntil(async () => (await buildRefusals(db.pool)).length > 0, {
        timeoutMs: 10_000,
        failure: 'the refusal was not recorded',
      });
      expect(errors).toEqual([
        expect.stringMatching(/^Not building case-list: the event log fails verification \(1 failures; first: case-1/),
      ]);
      expect(errors[0]).toContain('npm run projections -- rebuild all --force');
      expect(await buildRefusals(db.pool)).toEqual([
        {
          name: 'case-list',
          reason: 'the event log fails verification (1 failures; first: case-1 version 2 does not match its hash)',
          since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      ]);
      expect(await checkpoint()).toBeNull();

      // An operator forces it, and is never told another rebuild is under way: the runner, which
      // verified the whole log holding the rebuild lock at every retry, no longer tries. The refusal
      // goes with the build, and the runner follows the read model.
      await rebuildProjection(db.pool, db.store, caseListProjection, { integrity: { verify: async () => failing, force: true } });
      expect(await buildRefusals(db.pool)).toEqual([]);
      await appendToCase(db.store, '00000000-0000-4000-8000-000000000002', { type: 'SomethingTheListIgnores', data: {} });
      const head = (await db.store.head())!.position;
      await waitUntil(async () => ((await checkpoint())?.position ?? -1n) >= head, {
        timeoutMs: 10_000,
        failure: 'the runner did not follow it',
      });
      // However many rounds it looked meanwhile, it verified the log once.
      expect(verify).toHaveBeenCalledTimes(1);
    } finally {
      await runner.stop();
    }
  });
});

/**
 * The gate with a real verification: the application's role (cases_app) may INSERT a checkpoint row
 * the key never signed. That row vouches for nothing, so it must not refuse a rebuild (one INSERT
 * would otherwise make --force routine); a changed event still does.
 */
describe('the rebuild gate and a checkpoint row planted by the application role', () => {
  const db = useEventStoreDatabase();
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rebuild-gate-'));
  const key = loadSigningKey({ signingKeyFile: path.join(keyDir, 'signing.pem'), generateIfMissing: true });
  afterAll(() => fs.rmSync(keyDir, { recursive: true, force: true }));
  const CASE = '00000000-0000-4000-8000-000000000001';
  const verify = () => verifyLog(db.store, new CheckpointLedger(db.pool), { key });

  beforeEach(async () => {
    await appendToCase(db.store, CASE, { type: 'SomethingTheListIgnores', data: { n: 1 } }, { type: 'SomethingTheListIgnores', data: {} });
    expect(await signCheckpoints(db.store, new CheckpointLedger(db.pool), key)).toHaveLength(1);
    const app = new Pool({ connectionString: db.appUrl, max: 1 });
    try {
      expect((await app.query('SELECT current_user AS user')).rows[0].user).toBe('cases_app');
      await app.query(`INSERT INTO audit_checkpoints (sequence, statement, signature) VALUES (2, 'not a checkpoint at all', 'AAAA')`);
    } finally {
      await app.end();
    }
  });

  it('a planted checkpoint row does not refuse a rebuild; verify still names it and is not ok', async () => {
    const result = await verify();
    expect(result).toMatchObject({ ok: false, failureCount: 1, checkpoints: { count: 2, invalid: 1 } });
    expect(result.failures).toEqual([expect.objectContaining({ kind: 'checkpoint_invalid', checkpoint: 2 })]);
    await rebuildProjection(db.pool, db.store, caseListProjection, { integrity: { verify } });
    const client = await db.pool.connect();
    try {
      expect((await readCheckpoint(client, caseListProjection.name))?.generation).toBe(1);
    } finally {
      client.release();
    }
  });

  it('a changed event still refuses it, named first, the planted row beside it', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(`UPDATE events SET data = '{"n": 2}' WHERE stream_id = $1 AND stream_version = 1`, [`case-${CASE}`]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const attempt = rebuildProjection(db.pool, db.store, caseListProjection, { integrity: { verify } });
    await expect(attempt).rejects.toThrow(LogFailsVerification);
    await expect(attempt).rejects.toThrow(/fails verification \(1 failures; first: case-\S+ version 1 does not match its hash/);
  });
});
