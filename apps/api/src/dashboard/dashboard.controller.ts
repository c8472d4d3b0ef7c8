import { Answers, Problems, READ_MODEL_PROBLEMS, type ProblemCodes } from '../common/api-contract';
import { DASHBOARD_BREAKDOWN, DASHBOARD_CASES, DASHBOARD_SUMMARY, DASHBOARD_TREND } from './dashboard.responses';
import { Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Caller, type RequestContext } from '../common/request-context';
import { ReadRoutes } from '../common/routes.decorator';
import {
  DashboardBreakdownQuery,
  DashboardCasesQuery,
  DashboardSummaryQuery,
  DashboardTrendQuery,
  type DashboardBreakdown,
  type DashboardCases,
  type DashboardSummary,
  type DashboardTrend,
} from './dashboard.queries';
import {
  DashboardBreakdownRequestDto,
  DashboardCasesRequestDto,
  DashboardRequestDto,
  DashboardTrendRequestDto,
} from './dashboard.request.dto';
import { UNIT_FILTER_PROBLEMS } from '../units/registered-unit-filter';

/** A unit asking for another unit's figures is 403 FORBIDDEN_UNIT (beside the role's FORBIDDEN_ROLE). */
const DASHBOARD_PROBLEMS: ProblemCodes = { ...READ_MODEL_PROBLEMS, 403: ['FORBIDDEN_UNIT'], ...UNIT_FILTER_PROBLEMS };

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

  @Get('cases')
  @ApiOperation({
    summary: 'What one figure counts: its cases (the response rate: its dispatches), a page at a time',
    description:
      DEFINITIONS +
      ' The rows a figure (a rate: its numerator or its denominator) counts, from the same rows and the same definition as the summary, ' +
      'so `total` is the summary’s figure for the same period and filters (unitKind: the units of a kind as the breakdown groups them; none: no unit). ' +
      'Ordered by received date, newest first. Deadline rates give each row its due date and met or missed. No complainant data.',
  })
  @Answers({ status: 200, description: 'A page of what the figure counts', schema: DASHBOARD_CASES })
  @Problems(DASHBOARD_PROBLEMS)
  cases(@Query() request: DashboardCasesRequestDto, @Caller() caller: RequestContext): Promise<DashboardCases> {
    return this.queryBus.execute(new DashboardCasesQuery(request, caller));
  }
}
