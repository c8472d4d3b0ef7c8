import { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { createLogger } from '@app/platform';
import { PROJECTIONS, ProjectionRunner, rebuildProjections } from '@app/projections';
import { runDemo } from '../../tools/demo/src/run-demo';
import { projectionsCaughtUp, readModelHashes } from '../support/projection-kit';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitUntil } from '../support/wait';

/**
 * Rebuild equals incremental, on a realistic year: every read model follows the demo year's log
 * batch by batch, as the projector of `npm start` does after `npm run demo` (the demo refuses a
 * database a projector works on: beside-projector.ts), then a full rebuild of all of them in one
 * pass over the log (as `projections rebuild all` does, in batches cut elsewhere) must give tables
 * with exactly the same contents (an ordered hash of every view).
 */
describe('read models after a demo year', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 10 });
    pool.on('error', () => undefined);
    store = new PostgresEventStore(pool, db.url);
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await db.drop();
  });

  it('are the same built incrementally as rebuilt from scratch', async () => {
    await runDemo({
      cases: 40,
      year: 2025,
      seed: 11,
      env: { DATABASE_URL: db.url },
      logger: createLogger('silent'),
      report: () => undefined,
      now: new Date('2026-06-01T10:00:00+08:00'),
    });
    const runners = PROJECTIONS.map((projection) => new ProjectionRunner(pool, store, projection, { batchSize: 50, leaderRetryMs: 100 }));
    runners.forEach((runner) => runner.start());
    try {
      await waitUntil(() => projectionsCaughtUp(pool, store), {
        timeoutMs: 60_000,
        intervalMs: 100,
        failure: 'the read models did not catch up in time',
      });
    } finally {
      await Promise.all(runners.map((runner) => runner.stop()));
    }
    const incremental = await readModelHashes(pool);
    expect(Object.values(incremental).join(' ')).toMatch(/=[1-9]\d*:/); // the year did fill the read models
    await rebuildProjections(pool, store, PROJECTIONS, { batchSize: 100 });
    expect(await readModelHashes(pool)).toEqual(incremental);
  }, 180_000);
});
