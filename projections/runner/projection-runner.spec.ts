import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { EventStore, ReadAllOptions, SubscribeOptions } from '@app/event-store';
import { handledCaseEvents } from '../../test/support/case-events';
import { appendToCase, useEventStoreDatabase } from '../../test/support/event-log';
import { project, projectionsCaughtUp, readModelHashes } from '../../test/support/projection-kit';
import { waitUntil } from '../../test/support/wait';
import { PROJECTIONS } from '../index';
import { tryLeadership } from './locks';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { rebuildProjections } from './rebuild';

/**
 * The live runner of every read model: one reader of the log however many read models it leads,
 * each read model applying every event of its streams exactly once, from its own checkpoint.
 */
describe('the projection runner', () => {
  const db = useEventStoreDatabase();
  const logged: string[] = [];
  const logger = { log: () => undefined, warn: () => undefined, error: (message: string) => logged.push(message) };
  let runner: ProjectionRunner | undefined;
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    logged.length = 0;
  });

  /** Per read model: the events it has taken in (applied + skipped) and its generation; absent: not built. */
  const checkpoints = async (): Promise<Record<string, { events: number; generation: number }>> =>
    Object.fromEntries(
      (await db.pool.query(`SELECT name, (events_applied + events_skipped)::int AS n, generation FROM projection_checkpoints`)).rows.map(
        (r) => [r.name, { events: r.n, generation: r.generation }],
      ),
    );
  const eventCount = async () => (await db.pool.query(`SELECT count(*)::int AS n FROM events`)).rows[0].n as number;
  /** Appends `n` handled cases; returns once readers of the log see them (else "caught up" would hold before they count). */
  const appendCases = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const caseId = randomUUID();
      await appendToCase(db.store, caseId, ...handledCaseEvents(caseId, i));
    }
  };
  const caughtUp = (projections: readonly Projection[]) =>
    waitUntil(() => projectionsCaughtUp(db.pool, db.store, projections), {
      timeoutMs: 30_000,
      failure: 'the read models did not catch up',
    });

  it('reads the log with one subscription for every read model it leads, and builds those not built at their version', async () => {
    await appendCases(3);
    const [caseList, dashboard, ...others] = PROJECTIONS;
    await project(db.pool, db.store, caseList); // built at its version: followed as it is
    const elsewhere = await db.pool.connect(); // another instance leads the dashboard
    let released = false;
    const release = (client: PoolClient) => released || ((released = true), client.release(true));
    try {
      expect(await tryLeadership(elsewhere, dashboard.name)).toBe(true);
      const subscriptions = countingSubscriptions(db.store);
      runner = new ProjectionRunner(db.pool, subscriptions.store, PROJECTIONS, { leaderRetryMs: 100, logger });
      runner.start();
      await caughtUp([caseList, ...others]);
      await appendCases(2); // live events too
      await caughtUp([caseList, ...others]);
      expect((await checkpoints())[dashboard.name]).toBeUndefined();

      release(elsewhere); // the other instance ends: this one takes the dashboard over and builds it
      await appendCases(1);
      await caughtUp(PROJECTIONS);
      await runner.stop();
      expect(subscriptions.mostOpenAtOnce()).toBe(1);
    } finally {
      release(elsewhere);
    }
    const events = await eventCount();
    expect(await checkpoints()).toEqual(Object.fromEntries(PROJECTIONS.map((p) => [p.name, { events, generation: 1 }])));
    expect(logged).toEqual([]);
    const followed = await readModelHashes(db.pool);
    await rebuildProjections(db.pool, db.store, PROJECTIONS);
    expect(await readModelHashes(db.pool)).toEqual(followed);
  });

  it('leaves a read model whose batch fails behind alone, and it catches up from its checkpoint once it works again', async () => {
    let broken = false;
    const [caseList, ...others] = PROJECTIONS;
    const failing: Projection = {
      ...caseList,
      applyBatch: async (events, ctx) => {
        if (broken) throw new Error('the disk is full: "张三" 13800138000');
        await caseList.applyBatch(events, ctx);
      },
    };
    runner = new ProjectionRunner(db.pool, db.store, [failing, ...others], { leaderRetryMs: 100, logger });
    runner.start();
    await appendCases(2);
    await caughtUp(PROJECTIONS);
    const before = await eventCount();

    broken = true;
    await appendCases(3);
    await caughtUp(others);
    await waitUntil(() => logged.length > 0); // told once the batch has settled for every read model
    // The handler's error masked as its record is (error-summary.ts): no quoted value, name or number of its data.
    expect(logged[0]).toBe('Projection case-list stopped, retrying: Error: the disk is full: "…" #');
    expect((await checkpoints())[caseList.name].events).toBe(before);

    broken = false;
    await caughtUp(PROJECTIONS);
    await runner.stop();
    const events = await eventCount();
    for (const [name, checkpoint] of Object.entries(await checkpoints()))
      expect({ name, ...checkpoint }).toEqual({ name, events, generation: 1 });
  });

  it('builds a read model once, though the build ends while a round is reading the checkpoints', async () => {
    await appendCases(2);
    const [caseList] = PROJECTIONS;
    const lines: string[] = [];
    const built = () => lines.some((line) => line.endsWith(': built (generation 1)'));
    // The interleaving forced: the build reads the log only once the runner has gone on to read
    // the checkpoints again (finding none yet), and that read answers only once the build has ended.
    let checkpointReads = 0;
    const pool = new Proxy(db.pool, {
      get(target, key) {
        if (key !== 'query') return Reflect.get(target, key, target);
        return async (text: string, values?: unknown[]) => {
          if (!String(text).includes('FROM projection_checkpoints')) return target.query(text, values);
          const read = ++checkpointReads;
          const result = await target.query(text, values);
          if (read === 2) await waitUntil(built, { timeoutMs: 20_000, failure: 'the build did not end' });
          return result;
        };
      },
    });
    const store = new Proxy(db.store, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (key !== 'readAll') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: Parameters<EventStore['readAll']>) => {
          await waitUntil(() => checkpointReads >= 2, { timeoutMs: 20_000, failure: 'the runner did not read the checkpoints again' });
          return target.readAll(...args);
        };
      },
    });
    runner = new ProjectionRunner(pool, store, caseList, {
      leaderRetryMs: 50,
      logger: { ...logger, log: (line: string) => lines.push(line) },
    });
    runner.start();
    await caughtUp([caseList]);
    await runner.stop();
    expect(lines.filter((line) => line.includes('building'))).toEqual(['Projection case-list: building version ' + caseList.version]);
    expect((await checkpoints())[caseList.name]).toEqual({ events: await eventCount(), generation: 1 });
  });

  it('follows a read model another process is building once that one has built it, without building it too', async () => {
    await appendCases(2);
    const [caseList] = PROJECTIONS;
    const lines: string[] = [];
    const toldElsewhere = () => lines.some((line) => line.includes('being built elsewhere'));
    // `projections rebuild case-list` elsewhere, its read of the log held until the runner has found
    // it under way, and a little longer while the runner tries again (every 50 ms) and is refused.
    const held: EventStore = Object.create(db.store, {
      readAll: {
        value: async (options: ReadAllOptions) => {
          await waitUntil(toldElsewhere, { timeoutMs: 20_000, failure: 'the runner did not find the rebuild under way' });
          await new Promise((resolve) => setTimeout(resolve, 300));
          return db.store.readAll(options);
        },
      },
    });
    let started!: () => void;
    const locked = new Promise<void>((resolve) => (started = resolve));
    const elsewhere = rebuildProjections(db.pool, held, [caseList], { onStart: started });
    await locked;
    runner = new ProjectionRunner(db.pool, db.store, caseList, {
      leaderRetryMs: 50,
      logger: { ...logger, log: (line) => lines.push(line) },
    });
    runner.start();
    expect((await elsewhere).map((r) => r.generation)).toEqual([1]);
    await appendCases(1);
    await caughtUp([caseList]);
    await runner.stop();
    expect(lines.filter((line) => /building|built|elsewhere/.test(line))).toEqual([
      expect.stringMatching(
        /^Projection case-list: being built elsewhere, followed once built \(Another rebuild of case-list is under way/,
      ),
    ]);
    expect((await checkpoints())[caseList.name]).toEqual({ events: await eventCount(), generation: 1 });
    expect(logged).toEqual([]);
  });
});

/** The store, counting the subscriptions open at any one time. */
function countingSubscriptions(store: EventStore): { store: EventStore; mostOpenAtOnce: () => number } {
  let open = 0;
  let most = 0;
  const counting = new Proxy(store, {
    get(target, key) {
      if (key === 'subscribe') {
        return (options?: SubscribeOptions) => {
          const subscription = target.subscribe(options);
          most = Math.max(most, ++open);
          const close = subscription.close.bind(subscription);
          let closed = false;
          subscription.close = async () => {
            if (!closed) open--;
            closed = true;
            await close();
          };
          return subscription;
        };
      }
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: counting, mostOpenAtOnce: () => most };
}
