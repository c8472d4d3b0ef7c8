import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { beijingDateOf, type LocalDate } from '@app/domain';
import { CLOCK, PG_POOL, type Clock } from '@app/platform';
import type { DashboardFigures, DashboardScope, TrendInterval } from './dashboard-figures';
import { readDashboardFigures, type DashboardBucket } from './dashboard-reader';

/** What was asked and the day "overdue" and "due" were judged on, echoed with every answer. */
interface DashboardContext {
  period: { from: LocalDate; to: LocalDate };
  filters: { unitId: string | null; category: string | null; channel: string | null };
  /** Today in Beijing: overdue and "due by now" are as of this day. */
  today: LocalDate;
}

export interface DashboardSummary extends DashboardContext {
  figures: DashboardFigures;
}

export interface DashboardTrend extends DashboardContext {
  interval: TrendInterval;
  buckets: DashboardBucket[];
}

/** The figures of the cases received in a period (one unit's only, for a unit caller). */
export class DashboardSummaryQuery extends Query<DashboardSummary> {
  constructor(readonly scope: DashboardScope) {
    super();
  }
}

/** The same figures per day, ISO week or month of receipt. */
export class DashboardTrendQuery extends Query<DashboardTrend> {
  constructor(
    readonly scope: DashboardScope,
    readonly interval: TrendInterval,
  ) {
    super();
  }
}

@QueryHandler(DashboardSummaryQuery)
export class DashboardSummaryHandler implements IQueryHandler<DashboardSummaryQuery, DashboardSummary> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ scope }: DashboardSummaryQuery): Promise<DashboardSummary> {
    const today = beijingDateOf(this.clock.now().toISOString());
    const [whole] = await readDashboardFigures(this.pool, scope, null, today);
    return { ...contextOf(scope, today), figures: whole.figures };
  }
}

@QueryHandler(DashboardTrendQuery)
export class DashboardTrendHandler implements IQueryHandler<DashboardTrendQuery, DashboardTrend> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ scope, interval }: DashboardTrendQuery): Promise<DashboardTrend> {
    const today = beijingDateOf(this.clock.now().toISOString());
    return { ...contextOf(scope, today), interval, buckets: await readDashboardFigures(this.pool, scope, interval, today) };
  }
}

function contextOf(scope: DashboardScope, today: LocalDate): DashboardContext {
  const { from, to, ...filters } = scope;
  return { period: { from, to }, filters, today };
}
