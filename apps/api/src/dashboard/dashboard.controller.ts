import { Answers, Problems, READ_MODEL_PROBLEMS, type ProblemCodes } from '../common/api-contract';
import { DASHBOARD_BREAKDOWN, DASHBOARD_SUMMARY, DASHBOARD_TREND } from './dashboard.responses';
import { Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Caller, type RequestContext } from '../common/request-context';
import { ReadRoutes } from '../common/routes.decorator';
import {
  DashboardBreakdownQuery,
  DashboardSummaryQuery,
  DashboardTrendQuery,
  type DashboardBreakdown,
  type DashboardSummary,
  type DashboardTrend,
} from './dashboard.queries';
import { DashboardBreakdownRequestDto, DashboardRequestDto, DashboardTrendRequestDto } from './dashboard.request.dto';

/** A unit asking for another unit's figures is 403 FORBIDDEN_UNIT (beside the role's FORBIDDEN_ROLE). */
const DASHBOARD_PROBLEMS: ProblemCodes = { ...READ_MODEL_PROBLEMS, 403: ['FORBIDDEN_UNIT'] };

const DEFINITIONS =
  'Every figure is about the cases received in the period (Beijing dates, inclusive), as they stand today; ' +
  'rates are {numerator, denominator, value}, value null when the denominator is 0. Definitions: projections/dashboard/README.md.';

/**
 * The leaders' dashboard (领导看板) from the dashboard read model: aggregates only. A unit may read
 * its own unit's figures and no other unit's (403 FORBIDDEN_UNIT), so it can see where it stands.
 */
@ReadRoutes('api/v1/dashboard', 'dashboard', 'dashboard', 'intake', 'discipline', 'admin', 'unit')
export class DashboardController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('summary')
  @ApiOperation({ summary: 'Counts and rates for a period, optionally one unit, category or channel', description: DEFINITIONS })
  @Answers({ status: 200, description: 'The period’s figures', schema: DASHBOARD_SUMMARY })
  @Problems(DASHBOARD_PROBLEMS)
  summary(@Query() request: DashboardRequestDto, @Caller() caller: RequestContext): Promise<DashboardSummary> {
    return this.queryBus.execute(new DashboardSummaryQuery(request, caller));
  }

  @Get('trend')
  @ApiOperation({ summary: 'The same figures per day, ISO week (Monday start) or month of receipt', description: DEFINITIONS })
  @Answers({ status: 200, description: 'The figures per bucket', schema: DASHBOARD_TREND })
  @Problems(DASHBOARD_PROBLEMS)
  trend(@Query() request: DashboardTrendRequestDto, @Caller() caller: RequestContext): Promise<DashboardTrend> {
    return this.queryBus.execute(new DashboardTrendQuery(request, caller));
  }

  @Get('breakdown')
  @ApiOperation({
    summary: 'The same figures per unit, unit kind or category',
    description:
      DEFINITIONS +
      ' Each row is the summary filtered to that unit or category (a kind: its units added up, rates from the summed numerators and denominators). ' +
      'By unit and kind, the row with key null is what no unit answers for (not dispatched, rejected, disputed), so the rows add up to the summary; ' +
      'by category, key null is accountability on ledger findings. Rows whose figures are all 0 are left out. A unit caller gets its own unit only.',
  })
  @Answers({ status: 200, description: 'The figures per unit, kind or category', schema: DASHBOARD_BREAKDOWN })
  @Problems(DASHBOARD_PROBLEMS)
  breakdown(@Query() request: DashboardBreakdownRequestDto, @Caller() caller: RequestContext): Promise<DashboardBreakdown> {
    return this.queryBus.execute(new DashboardBreakdownQuery(request, caller));
  }
}
