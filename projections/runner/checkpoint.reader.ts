import type { EventStore } from '@app/event-store';
import type { Projection } from './projection';
import type { Queryable } from './read-model-query';
import { count } from './row-values';

/** Events counted one by one at most; beyond this the lag is reported as "at least". */
export const LAG_COUNT_CAP = 1000;

/** How far one read model is behind the event log. */
export interface ProjectionLag {
  name: string;
  version: number | null;
  generation: number | null;
  /** Global position of the last event applied (decimal string; null: nothing yet). */
  position: string | null;
  /** The last committed event of the streams it follows. */
  headPosition: string | null;
  /** Committed events of the streams it follows not yet applied, those readers cannot see yet included. */
  lagEvents: number;
  /** True when there are more than LAG_COUNT_CAP events to apply. */
  lagEventsCapped: boolean;
  /** Age of the oldest event not yet applied (0: caught up). */
  lagSeconds: number;
  eventsApplied: number;
  eventsSkipped: number;
}

/**
 * The reads of the runner's own table, `projection_checkpoints`, against the log: whether a read
 * model has reached a position (read-your-writes) and how far each one is behind (health, metrics).
 * The runner writes the table (checkpoint.ts); nothing else reads it.
 */
export class CheckpointReader {
  constructor(
    private readonly db: Queryable,
    private readonly store: EventStore,
  ) {}

  /**
   * The checkpoint is at or past `position`, or — since it only moves on the streams the projection
   * follows — `position` is visible in the log and nothing the projection follows up to it is left.
   */
  async hasReached(projection: Projection, position: bigint): Promise<boolean> {
    const { rows } = await this.db.query(`SELECT position::text AS position FROM projection_checkpoints WHERE name = $1`, [
      projection.name,
    ]);
    if (rows.length === 0) return false;
    const checkpoint = rows[0].position === null ? undefined : BigInt(rows[0].position as string);
    if (checkpoint !== undefined && checkpoint >= position) return true;
    const head = await this.store.head();
    if (!head || head.position < position) return false;
    const [next] = await this.store.readAll({ after: checkpoint, limit: 1, filter: { streamPrefixes: projection.streamPrefixes } });
    return next === undefined || next.position > position;
  }

  /**
   * Each projection's checkpoint against the streams it follows: one statement for the checkpoints,
   * then one backlog read per projection (three index probes, the count capped), whatever the log's
   * size. Committed events a reader cannot see yet count as lag: they are not in the read model.
   */
  async lag(projections: readonly Projection[], now = Date.now()): Promise<ProjectionLag[]> {
    const { rows } = await this.db.query(
      `SELECT name, version, generation, position::text AS position, events_applied, events_skipped FROM projection_checkpoints`,
    );
    const byName = new Map(rows.map((r) => [r.name as string, r]));
    return Promise.all(
      projections.map(async (projection) => {
        const cp = byName.get(projection.name);
        const position = (cp?.position as string | null | undefined) ?? null;
        const backlog = await this.store.backlog({
          after: position === null ? undefined : BigInt(position),
          filter: { streamPrefixes: projection.streamPrefixes },
          limit: LAG_COUNT_CAP + 1,
        });
        return {
          name: projection.name,
          version: (cp?.version as number | undefined) ?? null,
          generation: (cp?.generation as number | undefined) ?? null,
          position,
          headPosition: backlog.headPosition?.toString() ?? null,
          lagEvents: Math.min(backlog.count, LAG_COUNT_CAP),
          lagEventsCapped: backlog.count > LAG_COUNT_CAP,
          lagSeconds: backlog.next ? Math.max(0, (now - Date.parse(backlog.next.recordedAt)) / 1000) : 0,
          eventsApplied: count(cp?.events_applied),
          eventsSkipped: count(cp?.events_skipped),
        };
      }),
    );
  }
}
