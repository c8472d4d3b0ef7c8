import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
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

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly lag: ProjectionLagProbe,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Reachability of the read-model database and the event store' })
  @ApiResponse({ status: 200, description: 'Everything reachable' })
  @ApiResponse({ status: 503, description: 'Something unreachable; `checks` says what' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const [database, eventStore] = await Promise.all([probe(() => this.pool.query('SELECT 1')), probe(() => this.eventStore.ping())]);
    const ok = database.status === 'up' && eventStore.status === 'up';
    response.status(ok ? 200 : 503);
    const projections = ok ? await this.lag.all().catch(() => undefined) : undefined;
    return { status: ok ? 'ok' : 'unavailable', checks: { database, eventStore }, ...(projections ? { projections } : {}) };
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
