import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { caseStreamId } from '@app/domain';
import { ManualClock } from '@app/platform';
import { PROJECTIONS, ProjectionRunner, rebuildProjection } from '@app/projections';
import { SchedulerInstance } from '../../apps/projector/src/deadlines/deadlines.fixtures';
import { readCheckpoint } from '../../apps/projector/src/deadlines/feeder-checkpoint';
import { filedAndDispatched } from '../support/case-events';
import { newEvents, useEventStoreDatabase } from '../support/event-log';
import { readModelHashes } from '../support/projection-kit';
import { waitUntil } from '../support/wait';

/**
 * A transaction of someone else's left open (a psql session, a slow report, a migration) holds the
 * log's visibility horizon: readers see no event committed after it began, so that no reader ever
 * moves past an event a slower transaction is still writing. The projector and the deadline
 * scheduler must wait it out — their checkpoints show them behind — and then apply and feed every
 * event behind it, skipping none and applying none twice.
 */
/**
 * How long the transaction stays open while the test watches the checkpoints stay behind. A second in
 * `npm test` (it holds back every suite sharing the test cluster); `LONG_TX_HOLD_MS=60000 npx jest
 * test/fault/long-transaction` holds it the minute issue 10 asks for.
 */
const HOLD_MS = Number(process.env.LONG_TX_HOLD_MS ?? 1_000);

describe('a long-open transaction', () => {
  let runners: ProjectionRunner[] = [];
  let scheduler: SchedulerInstance | undefined;
  let blocker: Client | undefined;
  afterEach(async () => {
    await blocker?.end().catch(() => undefined);
    await Promise.all(runners.map((runner) => runner.stop()));
    await scheduler?.close();
    runners = [];
    scheduler = undefined;
    blocker = undefined;
  });
  // Declared after the teardown above, so that runs first: nothing is left reading a dropped database.
  const db = useEventStoreDatabase();

  const appendCases = async (n: number): Promise<bigint> => {
    let last = 0n;
    for (let i = 0; i < n; i++) {
      const caseId = randomUUID();
      const events = newEvents(filedAndDispatched(caseId, 'dept-market'));
      last = (await db.store.appendToStream(caseStreamId(caseId), events, { expectedVersion: 'no_stream' })).position;
    }
    return last;
  };
  const eventCount = async () => (await db.pool.query(`SELECT count(*)::int AS n FROM events`)).rows[0].n as number;
  /** Per projection: the position of its checkpoint and the events it has taken in (applied + skipped). */
  const checkpoints = async () =>
    (
      await db.pool.query(
        `SELECT name, position::text AS position, (events_applied + events_skipped)::int AS n FROM projection_checkpoints`,
      )
    ).rows as Array<{ name: string; position: string | null; n: number }>;
  const allTookIn = async (events: number) => {
    const rows = await checkpoints();
    return rows.length === PROJECTIONS.length && rows.every((r) => r.n === events);
  };

  const feederCheckpoint = async () => (await readCheckpoint(db.pool, 'deadline-scheduler')) ?? -1n;
  /** Ticks the scheduler until it has fed the whole log and fired what that made due (its own appends need a tick more to be fed). */
  const schedulerCaughtUp = () =>
    waitUntil(
      async () => {
        const result = await scheduler!.scheduler.tick();
        const head = (await db.pool.query(`SELECT max(global_position)::text AS p FROM events`)).rows[0].p as string;
        return result.claimed === 0 && (await feederCheckpoint()) >= BigInt(head);
      },
      { timeoutMs: 20_000, intervalMs: 20, failure: 'the scheduler did not catch up' },
    );
  const deadlinesPassed = async () =>
    (
      await db.pool.query(
        `SELECT count(*)::int AS n, count(DISTINCT (stream_id, data::text))::int AS distinct FROM events WHERE type = 'DeadlinePassed'`,
      )
    ).rows[0];

  it(
    'holds the projector and the scheduler back while open; once it ends they apply and feed every event behind it',
    async () => {
      // Sign for by 28 September, handle by 15 October: on 20 October both deadlines of every case are over.
      scheduler = new SchedulerInstance(db.url, new ManualClock('2026-10-20T09:00:00+08:00'));
      runners = PROJECTIONS.map((projection) => new ProjectionRunner(db.pool, db.store, projection, { batchSize: 20, leaderRetryMs: 100 }));
      runners.forEach((runner) => runner.start());

      const before = await appendCases(10);
      await schedulerCaughtUp();
      expect(await deadlinesPassed()).toEqual({ n: 20, distinct: 20 });
      await waitUntil(async () => allTookIn(await eventCount()), { timeoutMs: 20_000, failure: 'the read models did not catch up' });

      // Someone's transaction, with a transaction id, left open …
      blocker = new Client({ connectionString: db.url });
      blocker.on('error', () => undefined); // ended by the teardown if the test fails while it is open
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_current_xact_id()');
      // … while commands go on being committed behind it.
      const behind = await appendCases(10);
      expect(behind).toBeGreaterThan(before);
      const committedWhileOpen = await eventCount();

      // The scheduler sees none of them yet: it feeds nothing and leaves its checkpoint where it was.
      expect(await scheduler.scheduler.tick()).toMatchObject({ fed: 0, claimed: 0 });
      expect(await feederCheckpoint()).toBeLessThan(behind);
      // Nor does the projector, for as long as the transaction stays open: its checkpoints show it behind.
      for (const until = Date.now() + HOLD_MS; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 50))) {
        for (const cp of await checkpoints()) expect(BigInt(cp.position ?? -1)).toBeLessThan(behind);
      }

      await blocker.query('COMMIT');
      // Every event is applied exactly once: none skipped, none twice …
      await waitUntil(() => allTookIn(committedWhileOpen), {
        timeoutMs: 20_000,
        failure: 'the read models did not catch up after the commit',
      });
      // … and every case appended behind the transaction gets its deadlines fed and passed.
      await schedulerCaughtUp();
      expect(await deadlinesPassed()).toEqual({ n: 40, distinct: 40 });

      await waitUntil(async () => allTookIn(await eventCount()), {
        timeoutMs: 20_000,
        failure: 'the DeadlinePassed events were not applied',
      });
      await Promise.all(runners.map((runner) => runner.stop()));
      const incremental = await readModelHashes(db.pool);
      for (const projection of PROJECTIONS) await rebuildProjection(db.pool, db.store, projection);
      expect(await readModelHashes(db.pool)).toEqual(incremental);
    },
    60_000 + HOLD_MS,
  );
});
