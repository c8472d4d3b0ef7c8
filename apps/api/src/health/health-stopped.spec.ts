import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@app/event-store';
import type { RuntimeConfig } from '@app/platform';
import { PROJECTIONS, ProjectionRunner, type Projection } from '@app/projections';
import { handledCaseEvents } from '../../../../test/support/case-events';
import { appendToCase, useEventStoreDatabase } from '../../../../test/support/event-log';
import { projectionsCaughtUp } from '../../../../test/support/projection-kit';
import { waitUntil } from '../../../../test/support/wait';
import { MetricsRegistry } from '../metrics/metrics-registry';
import { ReadModelMetrics } from '../metrics/read-model-metrics';
import { HealthProbe } from './health-probe';
import { ProjectionLagProbe } from './projection-lag';
import { VisibilityProbe } from './visibility';

/**
 * A read model stopped on an event (its handler fails on it at every retry) is a state of the
 * service: `degraded`, with the read model, the event and the error in the details; merely behind,
 * or once it takes the event, it is not.
 */
describe('health while a read model is stopped on an event', () => {
  const db = useEventStoreDatabase();
  let runner: ProjectionRunner | undefined;
  const registry = new MetricsRegistry();
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
  });
  afterAll(() => registry.onModuleDestroy());

  it('is degraded, naming the read model and the event, until the handler takes it', async () => {
    const [lag, visibility] = [new ProjectionLagProbe(db.pool, db.store), new VisibilityProbe(db.store)];
    // Signing off (interval 0): what is judged here is the stopped read model alone.
    const tamperEvidence = {
      signingKeyFile: '/nonexistent/audit-signing-key.pem',
      generateIfMissing: false,
      checkpointIntervalSeconds: 0,
      checkpointStaleSeconds: 300,
    };
    const probe = new HealthProbe(db.pool, db.pool, db.store, lag, visibility, { tamperEvidence } as RuntimeConfig);
    const metrics = new ReadModelMetrics(registry, lag, visibility, db.pool);
    const stoppedMetric = async () => {
      await metrics.refresh();
      return /^projection_stopped\{projection="case-list"\} (\d)$/m.exec(await registry.exposition())?.[1];
    };
    const [caseList, ...others] = PROJECTIONS;
    let poisonStream: string | undefined;
    const poisoned = (e: EventEnvelope) => e.streamId === poisonStream && e.type === 'ComplaintFiled';
    const failing: Projection = {
      ...caseList,
      applyBatch: async (events, ctx) => {
        if (events.some(poisoned)) throw new Error('the handler cannot take it');
        await caseList.applyBatch(events, ctx);
      },
    };
    const appendCase = (caseId = randomUUID()) => appendToCase(db.store, caseId, ...handledCaseEvents(caseId, 0));
    const caughtUp = () =>
      waitUntil(() => projectionsCaughtUp(db.pool, db.store), { timeoutMs: 30_000, failure: 'the read models did not catch up' });
    runner = new ProjectionRunner(db.pool, db.store, [failing, ...others], { leaderRetryMs: 100 });
    runner.start();
    await appendCase();
    await caughtUp();
    expect(await probe.status()).toBe('ok');

    const poisonId = randomUUID();
    poisonStream = `case-${poisonId}`;
    await appendCase(poisonId);
    const report = await waitUntil(
      async () => {
        const r = await probe.report();
        return r.status === 'degraded' ? r : undefined;
      },
      { timeoutMs: 20_000, failure: 'health did not say degraded' },
    );
    const { rows } = await db.pool.query(`SELECT global_position::text AS p FROM events WHERE stream_id = $1 AND stream_version = 1`, [
      poisonStream,
    ]);
    expect(report.stoppedReadModels).toEqual([
      {
        name: caseList.name,
        position: rows[0].p,
        streamId: poisonStream,
        streamVersion: 1,
        eventType: 'ComplaintFiled',
        error: 'Error: the handler cannot take it',
        attempts: expect.any(Number),
        since: expect.any(String),
      },
    ]);
    expect(report.checks).toMatchObject({ database: { status: 'up' }, eventStore: { status: 'up' } });
    expect(await probe.status()).toBe('degraded');
    expect(await stoppedMetric()).toBe('1');

    poisonStream = undefined; // mended
    await caughtUp();
    await waitUntil(async () => (await probe.status()) === 'ok', { timeoutMs: 20_000, failure: 'health stayed degraded' });
    expect((await probe.report()).stoppedReadModels).toEqual([]);
    expect(await stoppedMetric()).toBe('0');
  });
});
