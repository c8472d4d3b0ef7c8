import { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { PROJECTIONS, rebuildProjection } from '@app/projections';

export interface RebuildMeasure {
  /** Events in the log (each projection replays those of the streams it follows). */
  logEvents: number;
  seconds: number;
  projections: Array<{ name: string; events: number; seconds: number }>;
}

/**
 * Rebuilds every read model the projector runs (PROJECTIONS, apps/projector), one after the other,
 * as `npm run projections -- rebuild all` does but without verifying the log first: the bench
 * measures the replay, and the verification is a pass of its own over the log.
 */
export async function rebuildAll(url: string, onProgress?: (line: string) => void): Promise<RebuildMeasure> {
  const pool = new Pool({ connectionString: url, max: 4 });
  const store = new PostgresEventStore(pool, url);
  try {
    const logEvents = Number((await pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
    const started = process.hrtime.bigint();
    const projections: RebuildMeasure['projections'] = [];
    for (const projection of PROJECTIONS) {
      const t = process.hrtime.bigint();
      const { events } = await rebuildProjection(pool, store, projection);
      const seconds = Number(process.hrtime.bigint() - t) / 1e9;
      projections.push({ name: projection.name, events, seconds });
      onProgress?.(`rebuilt ${projection.name}: ${events.toLocaleString('en')} events in ${seconds.toFixed(1)} s`);
    }
    return { logEvents, seconds: Number(process.hrtime.bigint() - started) / 1e9, projections };
  } finally {
    await store.close();
    await pool.end();
  }
}
