import type { PoolClient } from 'pg';
import { copyLines } from '@app/platform';
import type { EventEnvelope } from '@app/event-store';
import type { Projection, ProjectionContext, Upcasters } from './projection';
import { physicalName } from './projection-tables';
import { keepRowsIn, type RowCache } from './row-cache';

export interface Applied {
  applied: number;
  skipped: number;
  lastPosition: bigint | null;
  lastEventAt: string | null;
}

/**
 * Hands the projection the events of `events` it applies, upcast, as one batch on `client` (inside
 * the caller's transaction), into the tables of `generation`. Types it does not apply are skipped
 * and counted; the last position is the batch's last event, applied or not. With a `cache` (the bulk
 * of a rebuild), the rows the batch kept beyond the cache's bound are written before it returns, and
 * the projection may insert with COPY (ProjectionContext.copy).
 */
export async function applyEvents(
  client: PoolClient,
  projection: Projection,
  generation: number,
  events: readonly EventEnvelope[],
  upcasters: Upcasters = {},
  cache?: RowCache,
): Promise<Applied> {
  const ctx = contextOf(client, projection, generation, cache);
  const batch: EventEnvelope[] = [];
  for (const event of events) {
    if (projection.eventTypes !== 'every' && !projection.eventTypes.has(event.type)) continue;
    const upcast = upcasters[event.type];
    batch.push(upcast ? { ...event, data: upcast(event.data, event.schemaVersion) } : event);
  }
  if (batch.length > 0) await projection.applyBatch(batch, ctx);
  await cache?.trim(ctx);
  const last = events.at(-1);
  return {
    applied: batch.length,
    skipped: events.length - batch.length,
    lastPosition: last?.position ?? null,
    lastEventAt: last?.recordedAt ?? null,
  };
}

/**
 * Where `projection` writes on `client`: the tables of `generation`, through `cache` if given. A
 * cache is only ever given for the bulk of a rebuild (rebuild.ts), which is also when every event
 * reaches the generation once and nobody reads it: `copy` comes with it.
 */
export function contextOf(client: PoolClient, projection: Projection, generation: number, cache?: RowCache): ProjectionContext {
  const table = (name: string) => {
    if (!projection.tables.some((t) => t.name === name)) throw new Error(`Projection ${projection.name} has no table ${name}`);
    return physicalName(name, generation);
  };
  const ctx: ProjectionContext = {
    table,
    query: async (sql, params) => {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.rowCount };
    },
  };
  if (cache) {
    keepRowsIn(ctx, cache);
    ctx.copy = async (name, columns, lines) => {
      if (lines.length > 0) await copyLines(client, `COPY ${table(name)} (${columns.join(', ')}) FROM STDIN`, lines);
    };
  }
  return ctx;
}
