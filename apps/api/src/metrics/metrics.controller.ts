import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { MetricsRegistry } from './metrics-registry';
import { ReadModelMetrics } from './read-model-metrics';

/**
 * Prometheus metrics (scrape `GET /metrics`): the process, the API's requests and commands, the read
 * models' lag and what the event store holds back from them. Served on the management listener only
 * (health/management-app.ts), never on the API port.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly readModels: ReadModelMetrics,
  ) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @ApiOperation({
    summary:
      'Prometheus metrics: process, HTTP request durations, command outcomes, per-projection checkpoint and lag, events held back from readers',
  })
  async scrape(): Promise<string> {
    await this.readModels.refresh();
    return this.metrics.exposition();
  }
}
