/**
 * `npm run bench` runs sections one after another on ONE embedded, durable PostgreSQL (fsync on),
 * so every figure stands beside its reference measured in the same run, on the same server. A
 * section measures something of ours and the reference it is judged against, and returns both with
 * their ratio; the runner (bench/main.ts) writes bench/results/<section>.json and the table that
 * BENCHMARKS.md shows.
 */

/** What a section gets from the runner. */
export interface BenchContext {
  /** A new, empty database on the run's server, migrated as the server migrates its own unless `migrated: false`. */
  createDatabase(name: string, options?: { migrated?: boolean }): Promise<{ url: string }>;
  /** The run's server, as its superuser, on database `postgres`. */
  serverUrl: string;
  /** Smaller sizes for a quick look while developing (`BENCH_QUICK=1`); the recorded figures never use it. */
  quick: boolean;
  /** A progress line on stderr. */
  log(line: string): void;
}

/** One line of the results table: ours beside the reference, measured in the same run. */
export interface BenchRow {
  /** What was measured, e.g. `append, c = 8 (events/s)`. */
  measure: string;
  ours: number;
  /** The reference's figure and name, e.g. `{ name: 'raw pg INSERT', value: 3092 }`; null when the row has none (context only). */
  reference: { name: string; value: number } | null;
  /** ours / reference (or reference / ours for latencies: always "higher is better"), rounded to 2 decimals. */
  ratio: number | null;
  /** The target for this row, as text (e.g. `>= 0.8x raw`), and whether this run met it. */
  target?: { text: string; met: boolean };
  unit: string;
}

export interface BenchSectionResult {
  rows: BenchRow[];
  /** Everything else worth keeping (latency percentiles, sizes, exponents…), written to the results file. */
  details: Record<string, unknown>;
}

export interface BenchSection {
  /** Also the results file's name: bench/results/<name>.json. */
  name: string;
  run(ctx: BenchContext): Promise<BenchSectionResult>;
}

/** A reference could not run: the bench exits non-zero rather than print a figure without its reference. */
export class ReferenceFailed extends Error {
  constructor(reference: string, cause: unknown) {
    super(`the reference "${reference}" could not run: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'ReferenceFailed';
  }
}
