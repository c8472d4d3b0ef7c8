import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { Counter, Gauge } from 'prom-client';
import { PG_POOL } from '@app/platform';
import { PROJECTIONS, stoppedProjections, type ProjectionLag, type ProjectionStop } from '@app/projections';
import { ProjectionLagProbe } from '../health/projection-lag';
import { VisibilityProbe, type VisibilityReport } from '../health/visibility';
import { MetricsRegistry } from './metrics-registry';

type PerProjection = Gauge<'projection'> | Counter<'projection'>;

/**
 * The read models' progress and what the event store holds back from them, read from the database
 * at each scrape (refresh) with the reads GET /api/v1/health/details makes. The applied and skipped
 * counts are the checkpoint's own running totals: counters set to the stored value (they restart
 * from it only when a rebuild does).
 */
@Injectable()
export class ReadModelMetrics {
  private readonly perProjection: Array<[PerProjection, (lag: ProjectionLag) => number | null]>;
  private readonly heldBackEvents: Gauge;
  private readonly heldBackSeconds: Gauge;
  private readonly stopped: Gauge<'projection'>;

  constructor(
    metrics: MetricsRegistry,
    private readonly lag: ProjectionLagProbe,
    private readonly visibility: VisibilityProbe,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    const registers = [metrics.registry];
    const labelNames = ['projection'] as const;
    const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames, registers });
    const counter = (name: string, help: string) => new Counter({ name, help, labelNames, registers });
    this.perProjection = [
      [
        gauge('projection_checkpoint_position', 'Global position of the last event the projection applied'),
        (l) => (l.position === null ? null : Number(l.position)),
      ],
      [
        gauge(
          'projection_lag_events',
          'Committed events of the followed streams not yet applied, held-back ones included (capped at 1000)',
        ),
        (l) => l.lagEvents,
      ],
      [gauge('projection_lag_seconds', 'Age of the oldest committed event not yet applied; 0 when caught up'), (l) => l.lagSeconds],
      [counter('projection_events_applied_total', 'Events applied by the live generation'), (l) => l.eventsApplied],
      [counter('projection_events_skipped_total', 'Events of the followed streams with no handler (skipped)'), (l) => l.eventsSkipped],
    ];
    // 1 while the read model is stopped on an event (projection-stops.ts): lag alone does not tell it from a burst.
    this.stopped = gauge(
      'projection_stopped',
      'Whether the projection is stopped on an event its handler fails on time after time (1) or not (0)',
    );
    this.heldBackEvents = new Gauge({
      name: 'event_store_held_back_events',
      help: 'Committed events no reader can see yet: a transaction open on the database server holds the visibility horizon (capped at 1000)',
      registers,
    });
    this.heldBackSeconds = new Gauge({
      name: 'event_store_held_back_seconds',
      help: 'Age of the oldest committed event no reader can see yet; 0 when none',
      registers,
    });
  }

  /** Reads the figures for a scrape. What cannot be read is left out (absent series), not shown stale, and not a failed scrape. */
  async refresh(now = Date.now()): Promise<void> {
    const [lags, visibility, stops] = await Promise.all([
      this.lag.all(now).catch(() => [] as ProjectionLag[]),
      this.visibility.read(now).catch(() => null),
      stoppedProjections(
        this.pool,
        PROJECTIONS.map((p) => p.name),
      ).catch(() => null),
    ]);
    this.showStopped(lags, stops);
    for (const [metric, value] of this.perProjection) {
      metric.reset();
      for (const lag of lags) {
        const v = value(lag);
        if (v === null) continue;
        if (metric instanceof Gauge) metric.set({ projection: lag.name }, v);
        else metric.inc({ projection: lag.name }, v);
      }
    }
    this.showVisibility(visibility);
  }

  /** Each read model whose lag was read, 0 or 1; none when the stops could not be read. */
  private showStopped(lags: readonly ProjectionLag[], stops: readonly ProjectionStop[] | null): void {
    this.stopped.reset();
    if (!stops) return;
    for (const { name } of lags) this.stopped.set({ projection: name }, stops.some((s) => s.name === name) ? 1 : 0);
  }

  private showVisibility(visibility: VisibilityReport | null): void {
    this.heldBackEvents.reset();
    this.heldBackSeconds.reset();
    if (!visibility) return;
    this.heldBackEvents.set(visibility.heldBackEvents);
    this.heldBackSeconds.set(visibility.heldBackSeconds);
  }
}
