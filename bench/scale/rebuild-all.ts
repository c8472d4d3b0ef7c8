import { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { CallbackQueryClient } from '@app/platform';
import { PROJECTIONS, rebuildProjection, rebuildProjections } from '@app/projections';

/**
 * How the read models are rebuilt: `one-pass` as `npm run projections -- rebuild all` does (the log
 * read once, each batch applied to the projections concurrently); `one-pass-sequential` the same
 * with each batch applied to one projection after the other; `per-projection` a pass over the log
 * for each projection in turn, as before there was a one-pass rebuild (BENCH_REBUILD_COMPARE).
 * Two floors no rebuild of every read model can beat: `read-only` reads the log through the store in
 * the rebuild's batches (rows parsed into envelopes) and applies nothing; `audit-only` rebuilds the
 * audit log alone, which writes a row per event, the envelope included.
 */
export type RebuildMode = 'one-pass' | 'one-pass-sequential' | 'per-projection' | 'read-only' | 'audit-only';
export const REBUILD_MODES: readonly RebuildMode[] = ['one-pass', 'one-pass-sequential', 'per-projection', 'read-only', 'audit-only'];

export interface RebuildMeasure {
  mode: RebuildMode;
  /** Events in the log (each projection is handed those of the streams it follows). */
  logEvents: number;
  seconds: number;
  projections: Array<{ name: string; events: number }>;
}

/**
 * Rebuilds every read model the projector runs (PROJECTIONS, apps/projector) as `npm run projections
 * -- rebuild all` does but without verifying the log first: the bench measures the replay, and the
 * verification is a pass of its own over the log.
 */
export async function rebuildAll(
  url: string,
  onProgress?: (line: string) => void,
  mode: RebuildMode = 'one-pass',
): Promise<RebuildMeasure> {
  // As the CLI: a connection per projection and one reading ahead, each a CallbackQueryClient.
  const pool = new Pool({ connectionString: url, max: PROJECTIONS.length + 1, Client: CallbackQueryClient });
  const store = new PostgresEventStore(pool, url);
  try {
    const logEvents = Number((await pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
    const started = process.hrtime.bigint();
    const projections: RebuildMeasure['projections'] = [];
    if (mode === 'read-only') {
      let after: bigint | undefined;
      for (let events; (events = await store.readAll({ after, limit: 10_000 })).length > 0;) after = events[events.length - 1].position;
    } else if (mode === 'audit-only') {
      const audit = PROJECTIONS.find((p) => p.name === 'audit')!;
      const { events } = await rebuildProjection(pool, store, audit);
      projections.push({ name: audit.name, events });
    } else if (mode === 'per-projection') {
      for (const projection of PROJECTIONS) {
        const { events } = await rebuildProjection(pool, store, projection);
        projections.push({ name: projection.name, events });
        onProgress?.(`rebuilt ${projection.name}: ${events.toLocaleString('en')} events`);
      }
    } else {
      let reported = 0;
      const rebuilt = await rebuildProjections(pool, store, PROJECTIONS, {
        concurrent: mode === 'one-pass',
        onProgress: ({ done }) => {
          if (done - reported < 100_000) return;
          reported = done;
          // What the process holds as the log goes by: what grows with the log shows here.
          const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
          const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
          onProgress?.(
            `read ${done.toLocaleString('en')} events (RSS ${mib(rss)}, heap used ${mib(heapUsed)}, external ${mib(external + arrayBuffers)})`,
          );
        },
      });
      for (const { projection, events } of rebuilt) projections.push({ name: projection, events });
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    onProgress?.(`rebuilt every read model (${mode}) in ${seconds.toFixed(1)} s`);
    return { mode, logEvents, seconds, projections };
  } finally {
    await store.close();
    await pool.end();
  }
}
