import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { PROJECTIONS } from '@app/projections';

/** Events counted one by one at most; beyond this the lag is reported as "at least". */
export const LAG_COUNT_CAP = 1000;

export interface ProjectionLag {
  name: string;
  version: number | null;
  generation: number | null;
  /** Global position of the last event applied (decimal string; null: nothing yet). */
  position: string | null;
  /** The last event of the streams it follows. */
  headPosition: string | null;
  lagEvents: number;
  /** True when there are more than LAG_COUNT_CAP events to apply. */
  lagEventsCapped: boolean;
  /** Age of the oldest event not yet applied (0: caught up). */
  lagSeconds: number;
  eventsApplied: number;
  eventsSkipped: number;
}

/** How far each read model is behind the event log: for /health and /metrics. */
@Injectable()
export class ProjectionLagProbe {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async all(now = Date.now()): Promise<ProjectionLag[]> {
    const { rows } = await this.pool.query(
      `SELECT name, version, generation, position::text AS position, events_applied, events_skipped FROM projection_checkpoints`,
    );
    const byName = new Map(rows.map((r) => [r.name as string, r]));
    return Promise.all(
      PROJECTIONS.map(async (projection) => {
        const cp = byName.get(projection.name);
        const filter = { streamPrefixes: projection.streamPrefixes };
        const after = cp?.position != null ? BigInt(cp.position) : undefined;
        const [head, pending] = await Promise.all([
          this.store.head({ filter }),
          this.store.readAll({ after, limit: LAG_COUNT_CAP + 1, filter }),
        ]);
        return {
          name: projection.name,
          version: cp?.version ?? null,
          generation: cp?.generation ?? null,
          position: cp?.position ?? null,
          headPosition: head?.position.toString() ?? null,
          lagEvents: Math.min(pending.length, LAG_COUNT_CAP),
          lagEventsCapped: pending.length > LAG_COUNT_CAP,
          lagSeconds: pending.length ? Math.max(0, (now - Date.parse(pending[0].recordedAt)) / 1000) : 0,
          eventsApplied: Number(cp?.events_applied ?? 0),
          eventsSkipped: Number(cp?.events_skipped ?? 0),
        };
      }),
    );
  }
}
