import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Registry } from 'prom-client';
import { waitUntil } from '../../../../test/support/wait';
import { releaseProcessMetrics, useProcessMetrics } from './process-metrics';

setFlagsFromString('--expose-gc');
/** A full collection now: each is one `gc` entry for every PerformanceObserver of the process. */
const collectGarbage = runInNewContext('gc') as () => void;

/** Collections the registry's nodejs_gc_duration_seconds has counted. */
async function gcCounted(registry: Registry): Promise<number> {
  const metric = await registry.getSingleMetric('nodejs_gc_duration_seconds')!.get();
  // A histogram's values are its buckets, sum and count, each named.
  return metric.values.reduce(
    (sum, v) => ('metricName' in v && v.metricName === 'nodejs_gc_duration_seconds_count' ? sum + v.value : sum),
    0,
  );
}

/** Waits (5 s at most) until `condition` holds, collecting garbage before each look. */
function until(condition: () => Promise<boolean> | boolean, what: string): Promise<true> {
  return waitUntil(
    async () => {
      collectGarbage();
      // Observers get a collection's entry in a later task, so a probe sees the one before it.
      return (await condition()) || undefined;
    },
    { intervalMs: 10, failure: `not within 5 s: ${what}` },
  );
}

/** Resolves once a collection made after this call has been handed to the process's observers. */
async function aCollectionDelivered(): Promise<void> {
  let seen = false;
  const witness = new PerformanceObserver(() => (seen = true));
  witness.observe({ entryTypes: ['gc'] });
  try {
    await until(() => seen, 'a gc entry delivered');
  } finally {
    witness.disconnect();
  }
}

describe('process metrics', () => {
  it('are one registry for the applications open at once, counting collections until the last is closed', async () => {
    const first = useProcessMetrics();
    const second = useProcessMetrics();
    expect(second).toBe(first);
    expect(await first.getMetricsAsJSON()).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'process_cpu_user_seconds_total' })]),
    );

    await until(async () => (await gcCounted(first)) > 0, 'a collection counted');

    releaseProcessMetrics(); // one application closed: the other still shows them
    const before = await gcCounted(first);
    await until(async () => (await gcCounted(first)) > before, 'a collection counted after the first release');

    releaseProcessMetrics(); // the last: prom-client's GC observer is disconnected
    const atClose = await gcCounted(first);
    await aCollectionDelivered();
    await aCollectionDelivered();
    expect(await gcCounted(first)).toBe(atClose);
  });

  it('start afresh for an application opened after the last one closed', async () => {
    const earlier = useProcessMetrics();
    releaseProcessMetrics();
    const later = useProcessMetrics();
    try {
      expect(later).not.toBe(earlier);
      await until(async () => (await gcCounted(later)) > 0, 'a collection counted by the new registry');
    } finally {
      releaseProcessMetrics();
    }
  });

  it('leave perf_hooks as they found it', () => {
    const observe = PerformanceObserver.prototype.observe;
    useProcessMetrics();
    releaseProcessMetrics();
    expect(PerformanceObserver.prototype.observe).toBe(observe);
  });
});
