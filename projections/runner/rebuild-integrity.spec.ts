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
