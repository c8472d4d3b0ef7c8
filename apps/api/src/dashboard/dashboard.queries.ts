import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { beijingDateOf, type LocalDate } from '@app/domain';
import { CLOCK, type Clock } from '@app/platform';
import type { DashboardBucket, DashboardFigures, DashboardScope, TrendInterval } from '@app/projections/dashboard/dashboard-figures';
import { dashboardProjection } from '@app/projections/dashboard/dashboard.projection';
import { DashboardReader } from '@app/projections/dashboard/dashboard.reader';
import { ProjectionPositions } from '../common/projection-positions';
import type { RequestContext } from '../common/request-context';
import { unitScopeOf } from '../common/unit-scope';
import type { DashboardRequestDto, DashboardTrendRequestDto } from './dashboard.request.dto';

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
  constructor(
    readonly request: DashboardRequestDto,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

/** The same figures per day, ISO week or month of receipt. */
export class DashboardTrendQuery extends Query<DashboardTrend> {
  constructor(
    readonly request: DashboardTrendRequestDto,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

/** What both dashboard queries do before they read: hold a unit to its own figures, wait for `after`, fix today. */
@Injectable()
abstract class DashboardHandler {
  constructor(
    protected readonly reader: DashboardReader,
    private readonly positions: ProjectionPositions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  protected async prepare(
    request: DashboardRequestDto,
    caller: RequestContext,
  ): Promise<{ scope: DashboardScope; asOf: Date; today: LocalDate }> {
    const scope = scopeOf(request, caller);
    await this.positions.waitFor(dashboardProjection, request.after);
    const asOf = this.clock.now();
    return { scope, asOf, today: beijingDateOf(asOf.toISOString()) };
  }
}

@QueryHandler(DashboardSummaryQuery)
export class DashboardSummaryHandler extends DashboardHandler implements IQueryHandler<DashboardSummaryQuery, DashboardSummary> {
  async execute({ request, caller }: DashboardSummaryQuery): Promise<DashboardSummary> {
    const { scope, asOf, today } = await this.prepare(request, caller);
    const [whole] = await this.reader.figures(scope, null, asOf);
    return { ...contextOf(scope, today), figures: whole.figures };
  }
}

@QueryHandler(DashboardTrendQuery)
export class DashboardTrendHandler extends DashboardHandler implements IQueryHandler<DashboardTrendQuery, DashboardTrend> {
  async execute({ request, caller }: DashboardTrendQuery): Promise<DashboardTrend> {
    const { scope, asOf, today } = await this.prepare(request, caller);
    const interval = request.interval ?? 'month';
    return { ...contextOf(scope, today), interval, buckets: await this.reader.figures(scope, interval, asOf) };
  }
}

/** The scope asked for; a unit caller is held to its own unit (another unit's figures are 403, not an empty answer). */
function scopeOf(request: DashboardRequestDto, caller: RequestContext): DashboardScope {
  const confinedTo = unitScopeOf(caller);
  if (confinedTo !== null && request.unitId !== undefined && request.unitId !== confinedTo) {
    throw new ForbiddenException({
      code: 'FORBIDDEN_UNIT',
      message: `A unit reads only its own figures; ask for unitId=${confinedTo} or none`,
    });
  }
  return {
    from: request.from,
    to: request.to,
    unitId: confinedTo ?? request.unitId ?? null,
    category: request.category ?? null,
    channel: request.channel ?? null,
  };
}

function contextOf(scope: DashboardScope, today: LocalDate): DashboardContext {
  const { from, to, ...filters } = scope;
  return { period: { from, to }, filters, today };
}
