import { Pool } from 'pg';
import { createLogger } from '@app/platform';
import { runDemo } from '../../tools/demo/src/run-demo';
import { cpuMsPerRequest, cpuNow, postmasterOf, type CpuParties } from '../sections/post-cases/cpu-meter';
import { readHistoryTemplate, type HistoryTemplate } from './history-template';

/** The year the recorded history simulates: a past year, so the demo plays it in full. */
export const DEMO_YEAR = 2025;

export interface DemoHistory {
  template: HistoryTemplate;
  /** The demo's own figures: wall time, and the events it appended through the API. */
  demoSeconds: number;
  /** Events the demo appended (case streams and appraisal inputs) and how long its simulated year took. */
  demoEvents: number;
  simulationSeconds: number;
  /**
   * Milliseconds of CPU per event appended over the simulated year: `node` the demo's process (the
   * bench's own, which does nothing else meanwhile), `postgres` the run's server (its backends and
   * background processes; nothing else uses it meanwhile). Their sum says what events/s two cores
   * could give at best.
   */
  cpuMsPerEvent: CpuParties;
}

/**
 * The history the big logs are copies of: `npm run demo` (tools/demo, through the real API and
 * deadline scheduler) for a year of `cases` complaints on the empty database `url`, then its whole
 * log read back as a template (history-template.ts).
 */
export async function recordDemoHistory(url: string, cases: number, report?: (line: string) => void): Promise<DemoHistory> {
  const started = Date.now();
  const postmaster = await postmasterOf(url);
  const cpu: { before?: CpuParties; after?: CpuParties } = {};
  const result = await runDemo({
    cases,
    year: DEMO_YEAR,
    seed: 1,
    env: { DATABASE_URL: url },
    logger: createLogger('silent'),
    report: (line) => report?.(`demo: ${line}`),
    aroundYear: () => {
      cpu.before = cpuNow({ node: process.pid }, postmaster);
      return () => (cpu.after = cpuNow({ node: process.pid }, postmaster));
    },
  });
  const demoEvents = result.caseEvents + result.appraisalEvents;
  const demoSeconds = (Date.now() - started) / 1000;
  const pool = new Pool({ connectionString: url, max: 1 });
  // pool.end() resolves before its connection has closed: a caller dropping the database right after
  // would end it, and an 'error' with no listener would crash the process.
  pool.on('error', () => undefined);
  try {
    return {
      template: await readHistoryTemplate(pool),
      demoSeconds,
      demoEvents,
      simulationSeconds: result.simulationMs / 1000,
      cpuMsPerEvent: cpuMsPerRequest(cpu.before!, cpu.after!, demoEvents),
    };
  } finally {
    await pool.end();
  }
}
