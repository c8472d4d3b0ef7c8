import { Inject, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { ProjectionRunner, PROJECTIONS } from '@app/projections';

/**
 * One runner per read model, started once the application is up and stopped on module destroy
 * (before the pool and the event store close). Each runner leads its projection only while no
 * other instance does, so several projector processes are safe.
 */
class ProjectionsLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Projections');
  private readonly runners: ProjectionRunner[];

  constructor(@Inject(PG_POOL) pool: Pool, @Inject(EVENT_STORE) store: EventStore) {
    this.runners = PROJECTIONS.map((projection) => new ProjectionRunner(pool, store, projection, { logger: this.logger }));
  }

  onApplicationBootstrap(): void {
    for (const runner of this.runners) runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }
}

export function projectionProviders(): Provider[] {
  return [ProjectionsLifecycle];
}
