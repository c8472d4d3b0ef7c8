import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

let processRegistry: Registry | undefined;

/**
 * CPU, memory, event-loop delay, GC, handles: facts about the process, not about one application,
 * so they are collected once per process into a registry of their own and shown by every
 * application in it (tests start several in one process). collectDefaultMetrics starts an
 * event-loop monitor and a GC observer that nothing stops: once per process, not once per app.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * This application instance's Prometheus registry (HTTP requests, commands, read models), never
 * prom-client's global one: two applications in one process must not count into each other's
 * metrics, nor fail registering the same name twice. GET /metrics on the management listener
 * shows it beside the process metrics.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor() {
    processMetrics();
  }

  /** The text exposition format (Registry.PROMETHEUS_CONTENT_TYPE): process metrics, then this application's. */
  exposition(): Promise<string> {
    return Registry.merge([processMetrics(), this.registry]).metrics();
  }
}
