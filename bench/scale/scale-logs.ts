import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { BenchContext } from '../bench-section';
import { REBUILD_NODE_FLAGS } from '@app/projections/runner/rebuild-heap';
import { cpuProfileFlags } from '../bench-processes';
import { cpuNow, postmasterOf } from '../sections/post-cases/cpu-meter';
import { recordDemoHistory, type DemoHistory } from './demo-history';
import { generateLog, type GeneratedLog } from './log-generator';
import type { RebuildMeasure, RebuildMode } from './rebuild-all';

/**
 * The big logs the scale sections share within one run: the demo recorded once, each size generated
 * once into a database of its own, each rebuilt once (by the rebuild section, or by the queries
 * section if it runs alone). They stay until the run's server goes.
 */

/** Events per generated log: BENCH_SCALE_SIZES (e.g. `100000,300000,1000000`), smaller with BENCH_QUICK. */
export function scaleSizes(ctx: BenchContext): number[] {
  const given = process.env.BENCH_SCALE_SIZES?.trim();
  const sizes = given ? given.split(',').map((s) => Number(s.trim())) : ctx.quick ? [20_000, 60_000] : [100_000, 300_000, 1_000_000];
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1_000)) {
    throw new Error(`BENCH_SCALE_SIZES must list event counts of at least 1,000, got "${given}"`);
  }
  return [...new Set(sizes)].sort((a, b) => a - b);
}

/** Complaints in the recorded year: "a few hundred", as a district's line gets. */
const demoCases = (ctx: BenchContext) => (ctx.quick ? 100 : 300);

export interface ScaleLog {
  size: number;
  url: string;
  generated: GeneratedLog;
}

/** What rebuild-child.js writes: the measure, its peak RSS and its own CPU seconds (every thread). */
type ChildMeasure = RebuildMeasure & { peakRssMiB: number; nodeCpuSeconds: number };
/** With the server's CPU seconds over the same rebuild. */
export type RebuildInChild = ChildMeasure & { postgresCpuSeconds: number };

class ScaleLogs {
  private history?: Promise<DemoHistory>;
  private readonly logs = new Map<number, Promise<ScaleLog>>();
  private readonly rebuilds = new Map<number, Promise<RebuildInChild>>();

  constructor(private readonly ctx: BenchContext) {}

  demo(): Promise<DemoHistory> {
    return (this.history ??= (async () => {
      const { url } = await this.ctx.createDatabase('scale_demo');
      this.ctx.log(`recording the demo year (${demoCases(this.ctx)} complaints) to copy from`);
      const history = await recordDemoHistory(url, demoCases(this.ctx), this.ctx.log);
      const t = history.template;
      this.ctx.log(
        `demo: ${t.cases} cases, ${t.caseEvents} case events, ${t.sharedEvents} other events, ${history.demoSeconds.toFixed(0)} s`,
      );
      return history;
    })());
  }

  log(size: number): Promise<ScaleLog> {
    let log = this.logs.get(size);
    if (!log) {
      log = (async () => {
        const { template } = await this.demo();
        const { url } = await this.ctx.createDatabase(`scale_${size}`);
        const generated = await generateLog(url, template, { events: size, log: this.ctx.log });
        this.ctx.log(
          `generated ${generated.events.toLocaleString('en')} events (${generated.copies} copies, ${generated.streams.toLocaleString('en')} streams) ` +
            `in ${generated.seconds.toFixed(1)} s`,
        );
        return { size, url, generated };
      })();
      this.logs.set(size, log);
    }
    return log;
  }

  /** Every read model rebuilt from the log of `size`, in a process that does only that. */
  rebuilt(size: number): Promise<RebuildInChild> {
    let rebuild = this.rebuilds.get(size);
    if (!rebuild) {
      rebuild = this.log(size).then(({ url }) => rebuildInChild(url, this.ctx.log));
      this.rebuilds.set(size, rebuild);
    }
    return rebuild;
  }

  /** The sizes whose read models are built, for measures that need them. */
  rebuiltSizes(): number[] {
    return [...this.rebuilds.keys()].sort((a, b) => a - b);
  }
}

const perServer = new Map<string, ScaleLogs>();

export function scaleLogs(ctx: BenchContext): ScaleLogs {
  let logs = perServer.get(ctx.serverUrl);
  if (!logs) perServer.set(ctx.serverUrl, (logs = new ScaleLogs(ctx)));
  return logs;
}

/**
 * Runs dist/bench/scale/rebuild-child.js on `url`; answers what it measured, its own peak RSS and CPU
 * included, and the CPU the server spent meanwhile (its postmaster's tree: nothing else uses it
 * during a rebuild, the sections running one after the other).
 */
export async function rebuildInChild(url: string, log: (line: string) => void, mode: RebuildMode = 'one-pass'): Promise<RebuildInChild> {
  const postmaster = await postmasterOf(url);
  const before = cpuNow({}, postmaster).postgres;
  const measured = await new Promise<ChildMeasure>((resolve, reject) => {
    // BENCH_CPU_PROFILE: rebuild-<mode>-<database>.cpuprofile.
    const profile = cpuProfileFlags(`rebuild-${mode}-${new URL(url).pathname.slice(1)}`);
    // The URL in the environment: it holds the server's password, and a process's arguments are public.
    const child = spawn(process.execPath, [...REBUILD_NODE_FLAGS, ...profile, path.join(__dirname, 'rebuild-child.js'), mode], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      for (const line of chunk.toString().split('\n').filter(Boolean)) log(line.trim());
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out) as ChildMeasure);
      else reject(new Error(`the rebuild process exited with ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
  return { ...measured, postgresCpuSeconds: cpuNow({}, postmaster).postgres - before };
}
