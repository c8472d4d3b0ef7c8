import { appendToCase, useEventStoreDatabase } from '../../test/support/event-log';
import { waitUntil } from '../../test/support/wait';
import { caseListProjection } from '../case-list/case-list.projection';
import { readCheckpoint } from './checkpoint';
import { ProjectionRunner } from './projection-runner';
import { LogFailsVerification, rebuildProjection, type LogVerdict } from './rebuild';

/** A rebuild verifies the log first and refuses one that fails, unless forced (issue 9 part 4). */
describe('rebuilding from a log that fails verification', () => {
  const db = useEventStoreDatabase();
  const failing: LogVerdict = { ok: false, failureCount: 1, firstFailure: { message: 'case-1 version 2 does not match its hash' } };
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

  it('the projector does not build a read model from a failing log; it says why and tries again', async () => {
    const errors: string[] = [];
    const logger = { log: () => undefined, warn: () => undefined, error: (message: string) => errors.push(message) };
    const runner = new ProjectionRunner(db.pool, db.store, caseListProjection, {
      logger,
      leaderRetryMs: 20,
      integrity: { verify: async () => failing },
    });
    runner.start();
    await waitUntil(() => errors.length >= 2);
    await runner.stop();
    expect(errors[0]).toMatch(/^Projection case-list stopped, retrying: Refusing to rebuild case-list/);
    expect(await checkpoint()).toBeNull();
  });
});
