/** What the append section asks of a worker process, and what it answers (append-worker.ts). */

export type AppendSystem = 'ours' | 'raw' | 'emmett';

export interface AppendCell {
  system: AppendSystem;
  url: string;
  concurrency: number;
  warmUpMs: number;
  durationMs: number;
}

export interface CellResult {
  appends: number;
  seconds: number;
  perSecond: number;
  latencyMs: { p50: number; p99: number };
}

/** The raw reference's table: the log's columns and indexes (`LIKE events INCLUDING ALL`), no triggers, no function. */
export const RAW_TABLE = 'raw_events';
