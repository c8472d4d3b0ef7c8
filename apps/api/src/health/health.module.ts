import { Module } from '@nestjs/common';
import { HealthDetailsController } from './health-details.controller';
import { HealthController } from './health.controller';
import { HealthProbe } from './health-probe';
import { ProjectionLagProbe } from './projection-lag';
import { VisibilityProbe } from './visibility';

/** GET /health (public: ok, degraded, unavailable) and GET /api/v1/health/details, and the probes /metrics shares. */
@Module({
  controllers: [HealthController, HealthDetailsController],
  providers: [ProjectionLagProbe, VisibilityProbe, HealthProbe],
  exports: [ProjectionLagProbe, VisibilityProbe],
})
export class HealthModule {}
