import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import type { ProjectionLag } from '@app/projections';
import { ProjectionLagProbe } from './projection-lag';

export interface ComponentHealth {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: { database: ComponentHealth; eventStore: ComponentHealth };
  /** How far each read model is behind the log (absent when the store cannot be read). Lag alone is not unhealthy. */
  projections?: ProjectionLag[];
}

const PROBE_TIMEOUT_MS = 2_000;

/** Whether the read-model database and the event store answer, and how far the read models lag. */
@Injectable()
export class HealthProbe {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly lag: ProjectionLagProbe,
  ) {}

  async report(): Promise<HealthReport> {
    const checks = await this.checks();
    const ok = checks.database.status === 'up' && checks.eventStore.status === 'up';
    const projections = ok ? await this.lag.all().catch(() => undefined) : undefined;
    return { status: ok ? 'ok' : 'unavailable', checks, ...(projections ? { projections } : {}) };
  }

  /** Up or not, without the details (for the public GET /health). */
  async up(): Promise<boolean> {
    const { database, eventStore } = await this.checks();
    return database.status === 'up' && eventStore.status === 'up';
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
