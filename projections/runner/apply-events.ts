import type { PoolClient } from 'pg';
import type { EventEnvelope } from '@app/event-store';
import type { Projection, ProjectionContext, Upcasters } from './projection';
import { physicalName } from './projection-tables';

export interface Applied {
  applied: number;
  skipped: number;
  lastPosition: bigint | null;
  lastEventAt: string | null;
}

/**
 * Runs the projection's handlers for `events` on `client` (inside the caller's transaction), into
 * the tables of `generation`. Old schema versions are upcast first; types without a handler are
 * skipped and counted.
 */
export async function applyEvents(
  client: PoolClient,
  projection: Projection,
  generation: number,
  events: readonly EventEnvelope[],
  upcasters: Upcasters = {},
): Promise<Applied> {
  const ctx: ProjectionContext = {
    table: (name) => {
      if (!projection.tables.some((t) => t.name === name)) throw new Error(`Projection ${projection.name} has no table ${name}`);
      return physicalName(name, generation);
    },
    query: async (sql, params) => {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.rowCount };
    },
  };
  const result: Applied = { applied: 0, skipped: 0, lastPosition: null, lastEventAt: null };
  for (const event of events) {
    const handler = projection.handlers[event.type];
    if (handler) {
      const upcast = upcasters[event.type];
      await handler(upcast ? { ...event, data: upcast(event.data, event.schemaVersion) } : event, ctx);
      result.applied++;
    } else {
      result.skipped++;
    }
    result.lastPosition = event.position;
    result.lastEventAt = event.recordedAt;
  }
  return result;
}
