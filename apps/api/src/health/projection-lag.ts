import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { CheckpointReader, PROJECTIONS, type ProjectionLag } from '@app/projections';

/** How far each read model is behind the event log: for /health and /metrics. */
@Injectable()
export class ProjectionLagProbe {
  private readonly checkpoints: CheckpointReader;

  constructor(@Inject(PG_POOL) pool: Pool, @Inject(EVENT_STORE) store: EventStore) {
    this.checkpoints = new CheckpointReader(pool, store);
  }

  all(now = Date.now()): Promise<ProjectionLag[]> {
    return this.checkpoints.lag(PROJECTIONS, now);
  }
}
