import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { CommandMetrics } from './command-metrics';
import { HttpMetrics } from './http-metrics';
import { MetricsRegistry } from './metrics-registry';
import { ReadModelMetrics } from './read-model-metrics';

/**
 * The API's Prometheus metrics, in a registry of this application's own. What measures requests
 * (HttpMetrics, installed by http-app.ts) and commands (CommandMetrics) lives here; the management
 * listener (health/management-app.ts) takes the registry and the read-model figures from it.
 */
@Module({
  imports: [HealthModule],
  providers: [MetricsRegistry, HttpMetrics, CommandMetrics, ReadModelMetrics],
  exports: [MetricsRegistry, HttpMetrics, ReadModelMetrics],
})
export class MetricsModule {}
