import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Registry } from 'prom-client';
import { releaseProcessMetrics, useProcessMetrics } from './process-metrics';

/**
 * This application instance's Prometheus registry (HTTP requests, commands, read models), never
 * prom-client's global one: two applications in one process must not count into each other's
 * metrics, nor fail registering the same name twice. GET /metrics on the management listener
 * shows it beside the process metrics (process-metrics.ts), which are collected while it is open.
 */
@Injectable()
export class MetricsRegistry implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly processMetrics = useProcessMetrics();
  /** The management listener's module is given this instance too: its close must not release it twice. */
  private released = false;

  /** The text exposition format (Registry.PROMETHEUS_CONTENT_TYPE): process metrics, then this application's. */
  exposition(): Promise<string> {
    return Registry.merge([this.processMetrics, this.registry]).metrics();
  }

  onModuleDestroy(): void {
    if (this.released) return;
    this.released = true;
    releaseProcessMetrics();
  }
}
