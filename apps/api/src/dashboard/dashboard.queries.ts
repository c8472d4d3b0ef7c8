import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { Query, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { beijingDateOf, type LocalDate, type UnitKind } from '@app/domain';
import { CLOCK, type Clock } from '@app/platform';
import type { DashboardBucket, DashboardFigures, DashboardScope, TrendInterval } from '@app/projections/dashboard/dashboard-figures';
import { dashboardProjection } from '@app/projections/dashboard/dashboard.projection';
import { DashboardReader } from '@app/projections/dashboard/dashboard.reader';
import { ProjectionPositions } from '../common/projection-positions';
import type { RequestContext } from '../common/request-context';
import { unitScopeOf } from '../common/unit-scope';
import { GetTimeLimitsQuery } from '../admin/deadline-rules-in-force.query';
import { UnitDirectory } from '../units/unit-directory';
import type { BreakdownBy, DashboardBreakdownRequestDto, DashboardRequestDto, DashboardTrendRequestDto } from './dashboard.request.dto';

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

export interface DashboardBreakdownRow {
  /** A unit id, a unit kind or a category code; null: what no unit answers for (by unit or kind), accountability on ledger findings (by category). */
  key: string | null;
  /** The unit's name, the kind's or the category's Chinese name (the code when the category is no longer in the time limits in force). */
  label: string;
  figures: DashboardFigures;
}

export interface DashboardBreakdown extends DashboardContext {
  by: BreakdownBy;
  rows: DashboardBreakdownRow[];
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

/** The summary's figures split by unit, unit kind or category. */
export class DashboardBreakdownQuery extends Query<DashboardBreakdown> {
  constructor(
    readonly request: DashboardBreakdownRequestDto,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

/** What the dashboard queries do before they read: hold a unit to its own figures, wait for `after`, fix today. */
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

const UNIT_KIND_LABELS: Record<UnitKind, string> = { department: '部门', window: '窗口', town: '街镇' };
const NO_UNIT_LABEL = '无承办单位';
const NO_CATEGORY_LABEL = '问题台账的问责（无类别）';

@QueryHandler(DashboardBreakdownQuery)
export class DashboardBreakdownHandler extends DashboardHandler implements IQueryHandler<DashboardBreakdownQuery, DashboardBreakdown> {
  constructor(
    reader: DashboardReader,
    positions: ProjectionPositions,
    @Inject(CLOCK) clock: Clock,
    private readonly units: UnitDirectory,
    private readonly queryBus: QueryBus,
  ) {
    super(reader, positions, clock);
  }

  async execute({ request, caller }: DashboardBreakdownQuery): Promise<DashboardBreakdown> {
    const { scope, asOf, today } = await this.prepare(request, caller);
    const by = request.by;
    const context = { ...contextOf(scope, today), by };
    if (by === 'category') {
      const { categories } = await this.queryBus.execute(new GetTimeLimitsQuery());
      const labels = new Map(categories.map((c) => [c.code, c.label]));
      const rows = await this.reader.breakdown(scope, 'category', asOf);
      return {
        ...context,
        rows: rows.map(({ key, figures }) => ({ key, label: key === null ? NO_CATEGORY_LABEL : (labels.get(key) ?? key), figures })),
      };
    }
    const unit = async (id: string) => this.units.get(id);
    if (by === 'unitKind') {
      const rows = await this.reader.breakdown(scope, 'unit', asOf, async (key) =>
        key === null ? null : ((await unit(key))?.kind ?? null),
      );
      return {
        ...context,
        rows: rows.map(({ key, figures }) => ({ key, label: key === null ? NO_UNIT_LABEL : UNIT_KIND_LABELS[key as UnitKind], figures })),
      };
    }
    const rows = await this.reader.breakdown(scope, 'unit', asOf);
    return {
      ...context,
      rows: await Promise.all(
        rows.map(async ({ key, figures }) => ({ key, label: key === null ? NO_UNIT_LABEL : ((await unit(key))?.name ?? key), figures })),
      ),
    };
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
