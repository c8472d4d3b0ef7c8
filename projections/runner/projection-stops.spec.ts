import { randomUUID } from 'node:crypto';
import { caseStreamId } from '@app/domain';
import type { EventEnvelope } from '@app/event-store';
import { handledCaseEvents } from '../../test/support/case-events';
import { appendToCase, useEventStoreDatabase } from '../../test/support/event-log';
import { projectionsCaughtUp } from '../../test/support/projection-kit';
import { waitUntil } from '../../test/support/wait';
import { PROJECTIONS } from '../index';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { recordFailure, STOPPED_AFTER_ATTEMPTS, stoppedProjections } from './projection-stops';
import { rebuildProjections } from './rebuild';

/**
 * A read model whose handler cannot take an event fails on it at every retry: recorded with that
 * event (projection_stops), for /health to say it is stopped rather than merely behind, and cleared
 * once it takes the event.
 */
describe('a read model stopped on an event', () => {
  const db = useEventStoreDatabase();
  const [caseList, ...others] = PROJECTIONS;
  const errors: string[] = [];
  const warnings: string[] = [];
  const logger = { log: () => undefined, warn: (m: string) => warnings.push(m), error: (m: string) => errors.push(m) };
  const runners: ProjectionRunner[] = [];
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    alone = 0;
    errors.length = 0;
    warnings.length = 0;
  });

  const run = (projections: readonly Projection[]) => {
    const runner = new ProjectionRunner(db.pool, db.store, projections, { leaderRetryMs: 100, logger });
    runners.push(runner);
    runner.start();
    return runner;
  };
  const appendCase = async (caseId = randomUUID(), n = 0) => appendToCase(db.store, caseId, ...handledCaseEvents(caseId, n));
  const caughtUp = (projections: readonly Projection[]) =>
    waitUntil(() => projectionsCaughtUp(db.pool, db.store, projections), {
      timeoutMs: 30_000,
      failure: 'the read models did not catch up',
    });
  const rows = async () => (await db.pool.query(`SELECT name, position::text AS position, attempts FROM projection_stops`)).rows;
  const stopped = (attempts = STOPPED_AFTER_ATTEMPTS) =>
    waitUntil(async () => (await stoppedProjections(db.pool)).find((s) => s.attempts >= attempts), {
      timeoutMs: 20_000,
      failure: `no read model stopped after ${attempts} attempts`,
    });
  const cleared = () => waitUntil(async () => (await rows()).length === 0, { timeoutMs: 20_000, failure: 'the failure stayed recorded' });
  /** The case list, failing while `poison.on` on the event of `poison.stream` at `poison.version`. */
  const poison = { on: false, stream: '', version: 2 };
  const poisoned = (event: EventEnvelope) => poison.on && event.streamId === poison.stream && event.streamVersion === poison.version;
  /** Batches of the poisoned event alone: the runner trying the failed batch's events one at a time. */
  let alone = 0;
  const failingCaseList = (fail: () => Promise<void>): Projection => ({
    ...caseList,
    applyBatch: async (events, ctx) => {
      if (events.length === 1 && poisoned(events[0])) alone++;
      if (events.some(poisoned)) await fail();
      await caseList.applyBatch(events, ctx);
    },
  });
  const eventAt = async (stream: string, version: number) =>
    (
      await db.pool.query(`SELECT global_position::text AS position, type FROM events WHERE stream_id = $1 AND stream_version = $2`, [
        stream,
        version,
      ])
    ).rows[0] as { position: string; type: string };

  it('names the event the handler cannot take, without the personal data its error quotes, until the handler takes it', async () => {
    run([
      failingCaseList(async () => {
        throw new Error('cannot take the complainant "张三" (13800138000, zhang@example.cn)');
      }),
      ...others,
    ]);
    await appendCase();
    await caughtUp(PROJECTIONS);
    expect(await stoppedProjections(db.pool)).toEqual([]);

    const poisonId = randomUUID();
    Object.assign(poison, { on: true, stream: caseStreamId(poisonId) });
    await appendCase(poisonId, 1); // the failing event is the case's second, in the middle of its batch
    await appendCase();
    await caughtUp(others);
    const stop = await stopped();
    const { position, type } = await eventAt(poison.stream, 2);
    expect(stop).toEqual({
      name: caseList.name,
      position,
      streamId: poison.stream,
      streamVersion: 2,
      eventType: type,
      error: 'Error: cannot take the complainant "…" (#, …@…)',
      attempts: expect.any(Number),
      since: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    // It stays one event: the retries count on it, since unchanged; the event was looked for once.
    const later = await stopped(stop.attempts + 2);
    expect({ ...later, attempts: 0 }).toEqual({ ...stop, attempts: 0 });
    expect(alone).toBe(1);
    expect(errors).toContainEqual(expect.stringMatching(new RegExp(`^Projection case-list is stopped on the event at ${position} `)));

    poison.on = false; // mended
    await caughtUp(PROJECTIONS);
    await cleared();
    expect(await stoppedProjections(db.pool)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('does not report a failure that the next try gets through as stopped', async () => {
    // What the runner records, as it records it (the attempts each failure counts), and what health
    // would say right after each record.
    const recorded: number[] = [];
    const reported: unknown[] = [];
    const pool = new Proxy(db.pool, {
      get(target, key) {
        if (key !== 'query') return Reflect.get(target, key, target);
        return async (text: string, values?: unknown[]) => {
          const result = await target.query(text, values);
          if (String(text).includes('INSERT INTO projection_stops')) {
            recorded.push(result.rows[0].attempts);
            reported.push(...(await stoppedProjections(target)));
          }
          return result;
        };
      },
    });
    let calls = 0;
    // Once, as a connection lost mid-batch; then it goes through (tried alone, and at the retry).
    const failingOnce = failingCaseList(async () => {
      if (calls++ === 0) throw new Error('Connection terminated unexpectedly');
    });
    const runner = new ProjectionRunner(pool, db.store, [failingOnce, ...others], { leaderRetryMs: 100, logger });
    runners.push(runner);
    runner.start();
    await appendCase();
    await caughtUp(PROJECTIONS);

    const poisonId = randomUUID();
    Object.assign(poison, { on: true, stream: caseStreamId(poisonId) });
    await appendCase(poisonId, 1);
    await caughtUp(PROJECTIONS);
    await cleared();
    expect(recorded).toEqual([1]);
    expect(reported).toEqual([]);
    expect(errors).toEqual(['Projection case-list stopped, retrying: Error: Connection terminated unexpectedly']);
    expect(warnings).toEqual([]);
  });

  it('is one record however many instances fail on the event, counting on across a change of leader', async () => {
    const fail = async () => {
      throw new Error('the handler cannot take it');
    };
    const first = run([failingCaseList(fail), ...others]);
    await appendCase();
    await caughtUp(PROJECTIONS);
    const poisonId = randomUUID();
    Object.assign(poison, { on: true, stream: caseStreamId(poisonId) });
    await appendCase(poisonId, 1);
    const stop = await stopped();

    run([failingCaseList(fail), ...others]); // a second instance, following for now
    await first.stop(); // the leader goes: the second takes the read models over, and fails on the same event
    const later = await stopped(stop.attempts + 3);
    expect({ ...later, attempts: 0 }).toEqual({ ...stop, attempts: 0 });
    expect(await rows()).toHaveLength(1);

    // Instances failing at the same moment (the old leader's last batch, the new one's first): one row, each failure counted.
    const event = { position: BigInt(stop.position), streamId: stop.streamId, streamVersion: 2, type: stop.eventType } as EventEnvelope;
    const before = (await rows())[0].attempts as number;
    await Promise.all(Array.from({ length: 8 }, () => recordFailure(db.pool, 'other', event, new Error('x'))));
    expect((await rows()).find((r) => r.name === 'other')).toEqual({ name: 'other', position: stop.position, attempts: 8 });
    expect((await rows()).find((r) => r.name === caseList.name)!.attempts).toBeGreaterThanOrEqual(before);
    expect(warnings).toEqual([]);
  });

  it('is cleared by a rebuild of the read model', async () => {
    await appendCase();
    const [event] = await db.store.readAll({ limit: 1 });
    await recordFailure(db.pool, caseList.name, event, new Error('the handler cannot take it'));
    await recordFailure(db.pool, others[0].name, event, new Error('the handler cannot take it'));
    await rebuildProjections(db.pool, db.store, [caseList]);
    expect((await rows()).map((r) => r.name)).toEqual([others[0].name]);
  });
});
