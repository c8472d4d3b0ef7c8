import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { APP_CONFIG, PG_POOL, type RuntimeConfig } from '@app/platform';
import {
  buildRefusals,
  PROJECTIONS,
  stoppedProjections,
  type BuildRefusal,
  type ProjectionLag,
  type ProjectionStop,
} from '@app/projections';
import { CheckpointSigningProbe, signingDegraded, type CheckpointSigningReport } from './checkpoint-signing';
import { healthStatus, type HealthStatus } from './health-status';
import { ProjectionLagProbe } from './projection-lag';
import { VisibilityProbe, type VisibilityReport } from './visibility';

/** The read models this service has: a stop recorded under any other name (a planted row) is not reported. */
const KNOWN_READ_MODELS = PROJECTIONS.map((p) => p.name);

export interface ComponentHealth {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

/** This process's connections to PostgreSQL: how many the pool may hold, holds, has idle, and requests waiting for one. */
export interface PoolState {
  max: number;
  total: number;
  idle: number;
  waiting: number;
}

export interface HealthReport {
  status: HealthStatus;
  checks: { database: ComponentHealth; eventStore: ComponentHealth };
  pool: PoolState;
  /** How far each read model is behind the log (absent when the store cannot be read). Lag alone is not unhealthy. */
  projections?: ProjectionLag[];
  /** Events no reader can see yet (absent when the store cannot be read, or has no visibility horizon). */
  visibility?: VisibilityReport;
  /** Read models the projector will not build, and why (absent when the database cannot be read). */
  refusedBuilds?: BuildRefusal[];
  /** Read models stopped on an event: failing on it time after time (absent when the database cannot be read). */
  stoppedReadModels?: ProjectionStop[];
  /** How far the signed checkpoints have got (absent when the database or the store cannot be read). */
  signing?: CheckpointSigningReport;
}

const PROBE_TIMEOUT_MS = 2_000;

/** The connection the probe asks the database on, apart from the pool requests wait for (health.module.ts). */
export const HEALTH_CONNECTION = Symbol('HEALTH_CONNECTION');

/**
 * Whether the read-model database and the event store answer, whether the log is held back from
 * its readers, and how far the read models lag. Each read is an index probe or two, whatever the
 * size of the log: GET /health makes seven statements (eight while events are held back, one or two
 * more while the newest checkpoint row does not verify; README, `GET /health`).
 *
 * The database is asked on a connection of the probe's own: with every connection of the pool
 * held (statements queued behind a lock taken elsewhere), the database still answers, and saying
 * it is down would have load balancers take every instance out for what they all share. The pool
 * busy is `degraded`, with the pool's state in the details.
 */
@Injectable()
export class HealthProbe {
  private readonly checkpoints: CheckpointSigningProbe;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(HEALTH_CONNECTION) private readonly own: Pool,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly lag: ProjectionLagProbe,
    private readonly visibility: VisibilityProbe,
    @Inject(APP_CONFIG) config: RuntimeConfig,
  ) {
    this.checkpoints = new CheckpointSigningProbe(own, eventStore, config.tamperEvidence);
  }

  async report(): Promise<HealthReport> {
    const checks = await this.checks();
    const up = checks.database.status === 'up' && checks.eventStore.status === 'up';
    const [projections, visibility, refusedBuilds, stoppedReadModels, signing] = up
      ? await Promise.all([
          this.lag.all().catch(() => undefined),
          this.visibility.read().catch(() => undefined),
          this.refusals(),
          this.stops(),
          this.signing(),
        ])
      : [];
    return {
      status: healthStatus(
        up,
        visibility,
        this.busy(checks),
        (refusedBuilds?.length ?? 0) > 0,
        (stoppedReadModels?.length ?? 0) > 0,
        signingDegraded(signing),
      ),
      checks,
      pool: this.poolState(),
      ...(projections ? { projections } : {}),
      ...(visibility ? { visibility } : {}),
      ...(refusedBuilds ? { refusedBuilds } : {}),
      ...(stoppedReadModels ? { stoppedReadModels } : {}),
      ...(signing ? { signing } : {}),
    };
  }

  /** The state alone, without the details (for the public GET /health). */
  async status(): Promise<HealthStatus> {
    const checks = await this.checks();
    const up = checks.database.status === 'up' && checks.eventStore.status === 'up';
    if (!up) return healthStatus(false, undefined, this.busy(checks));
    const [visibility, refused, stopped, signing] = await Promise.all([
      this.visibility.read().catch(() => undefined),
      this.refusals(),
      this.stops(),
      this.signing(),
    ]);
    return healthStatus(
      up,
      visibility,
      this.busy(checks),
      (refused?.length ?? 0) > 0,
      (stopped?.length ?? 0) > 0,
      signingDegraded(signing),
    );
  }

  /** Undefined when it cannot be read: what is down says so in `checks`, not as a stuck signer. */
  private signing(): Promise<CheckpointSigningReport | undefined> {
    return this.checkpoints.read().catch(() => undefined);
  }

  /** On the probe's own connection: a table of a few rows, usually none. */
  private refusals(): Promise<BuildRefusal[] | undefined> {
    return buildRefusals(this.own, KNOWN_READ_MODELS).catch(() => undefined);
  }

  /** On the probe's own connection too: a table of a few rows, usually none, and their checkpoints. */
  private stops(): Promise<ProjectionStop[] | undefined> {
    return stoppedProjections(this.own, KNOWN_READ_MODELS).catch(() => undefined);
  }

  private async checks(): Promise<HealthReport['checks']> {
    const [database, eventStore] = await Promise.all([probe(() => this.own.query('SELECT 1')), probe(() => this.eventStore.ping())]);
    return { database, eventStore };
  }

  /**
   * The database answers on the probe's own connection, but not the store through the pool, every
   * connection of which is held: the pool is busy, the database is not down.
   */
  private busy(checks: HealthReport['checks']): boolean {
    const { max, total, idle, waiting } = this.poolState();
    const allHeld = waiting > 0 || (total >= max && idle === 0);
    return checks.database.status === 'up' && checks.eventStore.status === 'down' && allHeld;
  }

  private poolState(): PoolState {
    const { totalCount: total, idleCount: idle, waitingCount: waiting } = this.pool;
    // pg's default when the pool is made without one.
    return { max: this.pool.options.max ?? 10, total, idle, waiting };
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
