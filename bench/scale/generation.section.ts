import { round } from '../bench-kit';
import type { BenchRow, BenchSection } from '../bench-section';
import { sizeName } from './scale-figures';
import { scaleLogs, scaleSizes } from './scale-logs';

/** Issue 11: the first-start demo and `npm run demo` at >= 2,000 events/s. */
const DEMO_TARGET_EVENTS_PER_SECOND = 2_000;

/**
 * Section `scale-logs`: the logs the scale sections measure on — the demo year recorded once
 * through the API (its speed beside the target for `npm run demo`), then copied into a log of
 * each size (log-generator.ts) — and how fast they are
 * written. Runs first; `rebuild` and `queries` reuse what it made.
 */
export const generationSection: BenchSection = {
  name: 'scale-logs',
  async run(ctx) {
    const logs = scaleLogs(ctx);
    const { template, demoSeconds, demoEvents, simulationSeconds, cpuMsPerEvent } = await logs.demo();
    const demoEventsPerSecond = Math.round(demoEvents / simulationSeconds);
    const demoCpuMsPerEvent = round(cpuMsPerEvent.node + cpuMsPerEvent.postgres);
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
    const rows: BenchRow[] = [
      {
        // As `npm run demo` prints it: the events of the simulated year over the time that year took.
        measure: `demo year (npm run demo), ${template.cases} complaints, in process (events/s)`,
        ours: demoEventsPerSecond,
        reference: null,
        ratio: null,
        target: {
          text: `>= ${DEMO_TARGET_EVENTS_PER_SECOND.toLocaleString('en')} events/s`,
          met: demoEventsPerSecond >= DEMO_TARGET_EVENTS_PER_SECOND,
        },
        unit: 'events/s',
      },
      {
        // Why the row above is what it is: the CPU one event costs, in the same run. Two cores give at
        // most 2,000 / this events/s (the target needs <= 1 ms), however the demo's waits are arranged.
        measure: `demo year, CPU per event, Node + PostgreSQL (ms; 2,000 events/s on 2 cores needs <= 1)`,
        ours: demoCpuMsPerEvent,
        reference: null,
        ratio: null,
        unit: 'ms',
      },
    ];
    rows.push(
      ...sizes.map((s): BenchRow => ({
        measure: `log generation, ${sizeName(s.size)} events (${round(s.seconds / 60, 1)} min)`,
        ours: s.eventsPerSecond,
        reference: null,
        ratio: null,
        unit: 'events/s',
      })),
    );
    return {
      rows,
      details: {
        recordedHistory: {
          demoSeconds: round(demoSeconds, 1),
          demoEvents,
          simulationSeconds: round(simulationSeconds, 1),
          cpuMsPerEvent,
          cases: template.cases,
          caseEvents: template.caseEvents,
          otherEvents: template.sharedEvents,
        },
        sizes,
      },
    };
  },
};
