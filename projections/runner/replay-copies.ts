import type { Pool, PoolClient } from 'pg';
import type { EventStore } from '@app/event-store';
import { inTransactionOn } from '@app/platform';
import type { Projection } from './projection';
import { createGeneration, indexGeneration, pointViewsAt } from './projection-tables';
import { readLogOnce, Replay } from './rebuild';
import { RowCache } from './row-cache';

/** The generation the copies are built as: the session's temporary schema holds no other. */
const COPY_GENERATION = 1;
/** As a rebuild's (rebuild.ts, RebuildOptions): events per read and transaction, rows kept across batches. */
export interface ReplayCopiesOptions {
  batchSize?: number;
  cacheRows?: number;
}
const DEFAULTS: Required<ReplayCopiesOptions> = { batchSize: 2_500, cacheRows: 10_000 };

/**
 * Builds private copies of the read models of `projections`, each from the log up to its own
 * position in `upTo` (inclusive), then runs `read` on the connection that holds them: there the
 * readers' view names (`dashboard_counts`, …) are the copies'. A rebuild (rebuild.ts) into a
 * generation of temporary tables (PostgreSQL's `pg_temp` of one connection) instead of the live
 * schema: no other session sees them, and no live table, view, checkpoint or batch lock is touched
 * or waited for. The log is read once, up to the greatest of the positions; each batch is applied in
 * a transaction of its own, so the replay holds the log's visibility horizon back no longer than a
 * live batch does (checkpoint.ts). The copies are dropped afterwards, whatever happens: DISCARD TEMP,
 * and the connection is closed rather than pooled, which drops them too if that could not run.
 */
export async function withReplayedCopies<T>(
  pool: Pool,
  store: EventStore,
  projections: readonly Projection[],
  upTo: ReadonlyMap<string, bigint>,
  read: (client: PoolClient) => Promise<T>,
  options: ReplayCopiesOptions = {},
): Promise<T> {
  const { batchSize, cacheRows } = { ...DEFAULTS, ...options };
  const positionOf = (projection: Projection): bigint => {
    const position = upTo.get(projection.name);
    if (position === undefined) throw new Error(`No position to replay ${projection.name} up to`);
    return position;
  };
  const until = projections.map(positionOf).reduce((greatest, p) => (p > greatest ? p : greatest), 0n);
  const client = await pool.connect();
  try {
    // Only the session's temporary schema is named (pg_catalog is searched anyway): what the DDL
    // creates and drops, and every table the readers name, is a copy — never a live table or view.
    await client.query('SET search_path = pg_temp');
    const replays = projections.map((p) => new Replay(p, COPY_GENERATION, undefined, new RowCache(cacheRows)));
    await inTransactionOn(client, async () => {
      for (const { projection } of replays) await createGeneration(client, projection, COPY_GENERATION, { temporary: true });
    });
    await readLogOnce(store, projections, batchSize, until, (events, ahead) =>
      inTransactionOn(client, async () => {
        for (const replay of replays)
          await replay.apply(
            client,
            events.filter((e) => e.position <= positionOf(replay.projection)),
            true,
            ahead,
          );
      }),
    );
    await inTransactionOn(client, async () => {
      for (const replay of replays) {
        await replay.flush(client);
        await indexGeneration(client, replay.projection, COPY_GENERATION);
        await pointViewsAt(client, replay.projection, COPY_GENERATION);
      }
    });
    return await read(client);
  } finally {
    await client
      .query('ROLLBACK')
      .then(() => client.query('DISCARD TEMP'))
      .catch(() => undefined);
    // Never back to the pool: its search path is the copies', and they may still be there.
    client.release(true);
  }
}
