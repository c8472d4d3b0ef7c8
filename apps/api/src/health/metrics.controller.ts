import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ProjectionLag } from '@app/projections';
import { ProjectionLagProbe } from './projection-lag';

/**
 * Prometheus text exposition of the read models' progress (scrape `GET /metrics`). Served on the
 * management listener only (management-app.ts), never on the API port.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly lag: ProjectionLagProbe) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: per-projection checkpoint, lag in events and seconds, events applied and skipped' })
  async metrics(): Promise<string> {
    return render(await this.lag.all());
  }
}

const METRICS: Array<[name: string, type: 'gauge' | 'counter', help: string, value: (l: ProjectionLag) => number | null]> = [
  [
    'projection_checkpoint_position',
    'gauge',
    'Global position of the last event the projection applied',
    (l) => (l.position === null ? null : Number(l.position)),
  ],
  ['projection_lag_events', 'gauge', 'Events of the followed streams not yet applied (capped at 1000)', (l) => l.lagEvents],
  ['projection_lag_seconds', 'gauge', 'Age of the oldest event not yet applied; 0 when caught up', (l) => l.lagSeconds],
  ['projection_events_applied_total', 'counter', 'Events applied by the live generation', (l) => l.eventsApplied],
  ['projection_events_skipped_total', 'counter', 'Events of the followed streams with no handler (skipped)', (l) => l.eventsSkipped],
];

function render(lags: ProjectionLag[]): string {
  const lines: string[] = [];
  for (const [name, type, help, value] of METRICS) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const lag of lags) {
      const v = value(lag);
      if (v !== null) lines.push(`${name}{projection="${lag.name}"} ${v}`);
    }
  }
  return lines.join('\n') + '\n';
}
