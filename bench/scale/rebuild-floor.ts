import * as os from 'node:os';
import { Client, Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { PROJECTIONS } from '@app/projections';
import { readCheckpoints } from '@app/projections/runner/checkpoint';
import { createGeneration, indexGenerations, persistGeneration, physicalName } from '@app/projections/runner/projection-tables';
import { readLogOnce } from '@app/projections/runner/rebuild';
import type { BenchContext } from '../bench-section';
import { cpuNow, postmasterOf, type CpuParties } from '../sections/post-cases/cpu-meter';
import { pipeCopy } from './pg-copy';

/** Events per read, as the rebuild reads the log (rebuild.ts, DEFAULT_BATCH_SIZE). */
const READ_BATCH = 2_500;
/** The generation the floor writes, in a database of its own. */
const FLOOR_GENERATION = 1;

export interface RebuildFloor {
  events: number;
  /** Rows of every read model's tables written. */
  rows: number;
  /** CPU seconds of each part: this process (Node) and the server (PostgreSQL). */
  readCpu: CpuParties;
  writeCpu: CpuParties;
  /** Events a second the machine's cores could take were that CPU all a rebuild cost. */
  eventsPerSecond: number;
  cores: number;
}

/**
 * The least any rebuild of every read model must do on this machine, on the log of `logUrl` just
 * rebuilt: read the log once through the rebuild's own reader (`readLogOnce`: the streams the read
 * models follow, in batches of 2,500, the next read while the last is handed over), and write
 * every read model's final rows once — piped by `COPY` from the tables the rebuild made into a
 * fresh generation of another, identically migrated database, then logged and indexed as a
 * rebuild does (projection-tables.ts). No handler runs and no row is loaded or
 * written twice. Its CPU (this process and the whole server) spread over every core bounds any
 * rebuild's speed from above: a target above it is out of reach here, one below it is not.
 */
export async function measureRebuildFloor(ctx: BenchContext, logUrl: string): Promise<RebuildFloor> {
  const postmaster = await postmasterOf(logUrl);
  const cpu = () => cpuNow({ node: process.pid }, postmaster);
  const { url: floorUrl } = await ctx.createDatabase('scale_rebuild_floor', { migrated: true });
  const source = new Pool({ connectionString: logUrl, max: PROJECTIONS.length });
  const target = new Pool({ connectionString: floorUrl, max: PROJECTIONS.length });
  const store = new PostgresEventStore(source, logUrl);
  try {
    ctx.log('the rebuild floor: the log read once, then every read model written by COPY');
    const beforeRead = cpu();
    let events = 0;
    await readLogOnce(
      store,
      PROJECTIONS,
      READ_BATCH,
      undefined,
      async (batch) => {
        events += batch.length;
      },
      // Only read: where the streams go on is the rebuild's choice, not what any rebuild must do.
      false,
    );
    const afterRead = cpu();

    const generations = new Map(
      (
        await readCheckpoints(
          source,
          PROJECTIONS.map((p) => p.name),
        )
      ).map((c) => [c.name, c.generation]),
    );
    let rows = 0;
    await Promise.all(
      PROJECTIONS.map(async (projection) => {
        const generation = generations.get(projection.name);
        if (generation === undefined) throw new Error(`${projection.name} has no generation to copy: rebuild the log first`);
        const to = await target.connect();
        const from = new Client({ connectionString: logUrl });
        try {
          await from.connect();
          await createGeneration(to, projection, FLOOR_GENERATION);
          for (const table of projection.tables) {
            const copied = await pipeCopy(
              from,
              `COPY ${physicalName(table.name, generation)} TO STDOUT`,
              to,
              `COPY ${physicalName(table.name, FLOOR_GENERATION)} FROM STDIN`,
            );
            // Not `rows += await …`: that reads `rows` before the wait, and the projections copy concurrently.
            rows += copied;
          }
          await persistGeneration(to, projection, FLOOR_GENERATION);
        } finally {
          to.release();
          await from.end().catch(() => undefined);
        }
      }),
    );
    await indexGenerations(
      target,
      PROJECTIONS.map((projection) => ({ projection, generation: FLOOR_GENERATION })),
    );
    const afterWrite = cpu();

    const readCpu = spent(beforeRead, afterRead);
    const writeCpu = spent(afterRead, afterWrite);
    const cores = os.availableParallelism();
    const cpuSeconds = readCpu.node + readCpu.postgres + writeCpu.node + writeCpu.postgres;
    return { events, rows, readCpu, writeCpu, eventsPerSecond: Math.round(events / (cpuSeconds / cores)), cores };
  } finally {
    await store.close();
    await Promise.all([source.end(), target.end()]);
  }
}

function spent(before: CpuParties, after: CpuParties): CpuParties {
  return Object.fromEntries(Object.keys(after).map((k) => [k, Math.round((after[k] - before[k]) * 10) / 10]));
}
