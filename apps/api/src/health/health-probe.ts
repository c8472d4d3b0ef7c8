import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import type { ProjectionLag } from '@app/projections';
import { healthStatus, type HealthStatus } from './health-status';
import { ProjectionLagProbe } from './projection-lag';
import { VisibilityProbe, type VisibilityReport } from './visibility';

export interface ComponentHealth {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: HealthStatus;
  checks: { database: ComponentHealth; eventStore: ComponentHealth };
  /** How far each read model is behind the log (absent when the store cannot be read). Lag alone is not unhealthy. */
  projections?: ProjectionLag[];
  /** Events no reader can see yet (absent when the store cannot be read, or has no visibility horizon). */
  visibility?: VisibilityReport;
}

const PROBE_TIMEOUT_MS = 2_000;

/**
 * Whether the read-model database and the event store answer, whether the log is held back from
 * its readers, and how far the read models lag. Each read is an index probe or two, whatever the
 * size of the log: GET /health makes three statements (four while events are held back).
 */
@Injectable()
export class HealthProbe {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly lag: ProjectionLagProbe,
    private readonly visibility: VisibilityProbe,
  ) {}

  async report(): Promise<HealthReport> {
    const checks = await this.checks();
    const up = checks.database.status === 'up' && checks.eventStore.status === 'up';
    const [projections, visibility] = up
      ? await Promise.all([this.lag.all().catch(() => undefined), this.visibility.read().catch(() => undefined)])
      : [];
    return {
      status: healthStatus(up, visibility),
      checks,
      ...(projections ? { projections } : {}),
      ...(visibility ? { visibility } : {}),
    };
  }

  /** The state alone, without the details (for the public GET /health). */
  async status(): Promise<HealthStatus> {
    const { database, eventStore } = await this.checks();
    const up = database.status === 'up' && eventStore.status === 'up';
    return healthStatus(up, up ? await this.visibility.read().catch(() => undefined) : undefined);
  }

  private async checks(): Promise<HealthReport['checks']> {
    const [database, eventStore] = await Promise.all([probe(() => this.pool.query('SELECT 1')), probe(() => this.eventStore.ping())]);
    return { database, eventStore };
  }
}

async function probe(check: () => Promise<unknown>): Promise<ComponentHealth> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), PROBE_TIMEOUT_MS)))]);
    return { status: 'up', latencyMs: Date.now() - started };
  } catch (error) {
    return { status: 'down', latencyMs: Date.now() - started, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
