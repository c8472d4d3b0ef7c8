import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { APP_CONFIG, endPool, type RuntimeConfig } from '@app/platform';
import { HealthDetailsController } from './health-details.controller';
import { HealthController } from './health.controller';
import { HEALTH_CONNECTION, HealthProbe } from './health-probe';
import { ProjectionLagProbe } from './projection-lag';
import { VisibilityProbe } from './visibility';

/** One connection for the probe, made when asked and closed after 30 s idle: the pool's may all be held. */
function healthConnection(config: RuntimeConfig): Pool {
  const pool = new Pool({
    connectionString: config.databaseUrl,
    max: 1,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 2_000,
    application_name: 'complaint-cases health',
  });
  pool.on('error', () => undefined); // an idle connection cut: the next probe connects again
  return pool;
}

class HealthConnectionLifecycle implements OnApplicationShutdown {
  constructor(@Inject(HEALTH_CONNECTION) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await endPool(this.pool);
  }
}

/** GET /health (public: ok, degraded, unavailable) and GET /api/v1/health/details, and the probes /metrics shares. */
@Module({
  controllers: [HealthController, HealthDetailsController],
  providers: [
    ProjectionLagProbe,
    VisibilityProbe,
    HealthProbe,
    { provide: HEALTH_CONNECTION, useFactory: healthConnection, inject: [APP_CONFIG] },
    HealthConnectionLifecycle,
  ],
  exports: [ProjectionLagProbe, VisibilityProbe],
})
export class HealthModule {}
