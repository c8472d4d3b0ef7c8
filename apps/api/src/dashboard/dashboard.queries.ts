import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { Query, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { beijingDateOf, type LocalDate, type UnitKind } from '@app/domain';
import { CLOCK, type Clock } from '@app/platform';
import type {
  DashboardBucket,
  DashboardFigures,
  DashboardScope,
  ListedFigure,
  RatePart,
  TrendInterval,
} from '@app/projections/dashboard/dashboard-figures';
import { isRateFigure } from '@app/projections/dashboard/dashboard-figures';
import { dashboardProjection } from '@app/projections/dashboard/dashboard.projection';
import { DashboardReader } from '@app/projections/dashboard/dashboard.reader';
import { DashboardFiguresMemo } from './dashboard-figures.memo';
import { DashboardFigureRows, type FigureRow } from '@app/projections/dashboard/figure-rows';
import { caseListProjection } from '@app/projections/case-list/case-list.projection';
import { DEFAULT_PAGE_SIZE } from '@app/projections/runner/keyset';
import { ProjectionPositions } from '../common/projection-positions';
import type { RequestContext } from '../common/request-context';
import { unitScopeOf } from '../common/unit-scope';
import { GetTimeLimitsQuery } from '../admin/deadline-rules-in-force.query';
import { UnitDirectory } from '../units/unit-directory';
import {
  NO_UNIT_KIND,
  type BreakdownBy,
  type DashboardBreakdownRequestDto,
  type DashboardCasesRequestDto,
  type DashboardRequestDto,
  type DashboardTrendRequestDto,
  type ListUnitKind,
} from './dashboard.request.dto';

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

/** A row of what a figure counts, with the names a reader needs: its units' (the title comes with the row). */
export interface DashboardCaseItem extends Omit<FigureRow, 'dispatch'> {
  leadUnitName: string | null;
  dispatch: (NonNullable<FigureRow['dispatch']> & { unitName: string }) | null;
}

export interface DashboardCases extends DashboardContext {
  figure: ListedFigure;
  part: RatePart | null;
  unitKind: ListUnitKind | null;
  /** case: a row per case; dispatch: a row per dispatch (交办 or 改派 to a unit), the response rate's. */
  rows: 'case' | 'dispatch';
  /** How many rows the figure counts: the figure itself (every page together). */
  total: number;
  items: DashboardCaseItem[];
  nextCursor: string | null;
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
    protected readonly positions: ProjectionPositions,
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
  constructor(
    reader: DashboardReader,
    positions: ProjectionPositions,
    @Inject(CLOCK) clock: Clock,
    private readonly memo: DashboardFiguresMemo,
  ) {
    super(reader, positions, clock);
  }

  async execute({ request, caller }: DashboardSummaryQuery): Promise<DashboardSummary> {
    const { scope, asOf, today } = await this.prepare(request, caller);
    const [whole] = await this.memo.figures(scope, null, asOf);
    return { ...contextOf(scope, today), figures: whole.figures };
  }
}

@QueryHandler(DashboardTrendQuery)
export class DashboardTrendHandler extends DashboardHandler implements IQueryHandler<DashboardTrendQuery, DashboardTrend> {
  constructor(
    reader: DashboardReader,
    positions: ProjectionPositions,
    @Inject(CLOCK) clock: Clock,
    private readonly memo: DashboardFiguresMemo,
  ) {
    super(reader, positions, clock);
  }

  async execute({ request, caller }: DashboardTrendQuery): Promise<DashboardTrend> {
    const { scope, asOf, today } = await this.prepare(request, caller);
    const interval = request.interval ?? 'month';
    return { ...contextOf(scope, today), interval, buckets: await this.memo.figures(scope, interval, asOf) };
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
    const unit = async (id: string) => this.units.getForQuery(id);
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

/** What one figure of the summary counts (a rate: its numerator or denominator), a page at a time. */
export class DashboardCasesQuery extends Query<DashboardCases> {
  constructor(
    readonly request: DashboardCasesRequestDto,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

@QueryHandler(DashboardCasesQuery)
export class DashboardCasesHandler extends DashboardHandler implements IQueryHandler<DashboardCasesQuery, DashboardCases> {
  constructor(
    reader: DashboardReader,
    positions: ProjectionPositions,
    @Inject(CLOCK) clock: Clock,
    private readonly rows: DashboardFigureRows,
    private readonly units: UnitDirectory,
    private readonly memo: DashboardFiguresMemo,
  ) {
    super(reader, positions, clock);
  }

  async execute({ request, caller }: DashboardCasesQuery): Promise<DashboardCases> {
    // The titles come from the case list (read with the rows): it too must have applied what the caller wrote.
    const [{ scope, asOf, today }] = await Promise.all([
      this.prepare(request, caller),
      this.positions.waitFor(caseListProjection, request.after),
    ]);
    const unitKind = request.unitKind ?? null;
    // Each unit looked up once for the request (its kind, its name): a page may judge thousands of rows of a few hundred units.
    const units = new Map<string, ReturnType<UnitDirectory['getForQuery']>>();
    const unitOf = (unitId: string): ReturnType<UnitDirectory['getForQuery']> => {
      let unit = units.get(unitId);
      if (!unit) units.set(unitId, (unit = this.units.getForQuery(unitId)));
      return unit;
    };
    // A kind: the units a breakdown by kind groups under it (null: no unit, or one the registry does not know).
    const kindOf = async (unitId: string | null): Promise<string | null> =>
      unitId === null ? null : ((await unitOf(unitId))?.kind ?? null);
    const wanted = unitKind === NO_UNIT_KIND ? null : unitKind;
    const part = request.part ?? null;
    const [page, total] = await Promise.all([
      this.rows.page(
        {
          from: scope.from,
          to: scope.to,
          category: scope.category,
          channel: scope.channel,
          unitId: scope.unitId,
          picks: unitKind === null ? null : { unitKind, test: async (unitId) => (await kindOf(unitId)) === wanted },
        },
        request.figure,
        part,
        asOf,
        { limit: request.limit ?? DEFAULT_PAGE_SIZE, cursor: request.cursor ?? null },
      ),
      this.total(scope, asOf, request.figure, part, unitKind === null ? undefined : kindOf, wanted),
    ]);
    // The page's units named at once: one check of the registry for all of them (UnitDirectory), each unit once.
    const unitIds = new Set(page.items.flatMap((row) => [row.leadUnitId, row.dispatch?.unitId ?? null].filter((id) => id !== null)));
    const names = new Map(await Promise.all([...unitIds].map(async (id) => [id, (await unitOf(id))?.name ?? id] as const)));
    const items = page.items.map((row): DashboardCaseItem => ({
      ...row,
      leadUnitName: row.leadUnitId === null ? null : names.get(row.leadUnitId)!,
      dispatch: row.dispatch === null ? null : { ...row.dispatch, unitName: names.get(row.dispatch.unitId)! },
    }));
    return {
      ...contextOf(scope, today),
      figure: request.figure,
      part,
      unitKind,
      rows: page.rows,
      total,
      items,
      nextCursor: page.nextCursor,
    };
  }

  /**
   * How many rows the figure counts, every page together: the figure as the summary shows it (its
   * memo), or with a unit kind as the breakdown by kind shows that kind's row (absent: none). The
   * list's rows are judged by the same terms on each row's own counters, so they add up to it.
   */
  private async total(
    scope: DashboardScope,
    asOf: Date,
    figure: ListedFigure,
    part: RatePart | null,
    kindOf: ((unitId: string | null) => Promise<string | null>) | undefined,
    wanted: string | null,
  ): Promise<number> {
    if (kindOf === undefined) {
      const [whole] = await this.memo.figures(scope, null, asOf);
      return valueOf(whole.figures, figure, part);
    }
    const rows = await this.reader.breakdown(scope, 'unit', asOf, kindOf);
    const row = rows.find(({ key }) => key === wanted);
    return row ? valueOf(row.figures, figure, part) : 0;
  }
}

/** A figure's value among the figures: a count, or a rate's numerator or denominator. */
function valueOf(figures: DashboardFigures, figure: ListedFigure, part: RatePart | null): number {
  if (!isRateFigure(figure)) return figures[figure];
  if (part === null) throw new Error(`${figure} is a rate: its numerator or its denominator is listed`);
  return figures[figure][part];
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
