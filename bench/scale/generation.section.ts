import { round } from '../bench-kit';
import type { BenchRow, BenchSection } from '../bench-section';
import { sizeName } from './scale-figures';
import { scaleLogs, scaleSizes } from './scale-logs';

/**
 * Section `scale-logs`: the logs the scale sections measure on — the demo year recorded once
 * through the API, then copied into a log of each size (log-generator.ts) — and how fast they are
 * written. Runs first; `rebuild` and `queries` reuse what it made.
 */
export const generationSection: BenchSection = {
  name: 'scale-logs',
  async run(ctx) {
    const logs = scaleLogs(ctx);
    const { template, demoSeconds } = await logs.demo();
    const sizes = [];
    for (const size of scaleSizes(ctx)) {
      const { generated } = await logs.log(size);
      sizes.push({
        size,
        ...generated,
        seconds: round(generated.seconds, 1),
        eventsPerSecond: Math.round(generated.events / generated.seconds),
      });
    }
    const rows: BenchRow[] = sizes.map((s) => ({
      measure: `log generation, ${sizeName(s.size)} events (${round(s.seconds / 60, 1)} min)`,
      ours: s.eventsPerSecond,
      reference: null,
      ratio: null,
      unit: 'events/s',
    }));
    return {
      rows,
      details: {
        recordedHistory: {
          demoSeconds: round(demoSeconds, 1),
          cases: template.cases,
          caseEvents: template.caseEvents,
          otherEvents: template.sharedEvents,
        },
        sizes,
      },
    };
  },
};
