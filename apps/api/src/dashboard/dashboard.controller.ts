import { Controller, ForbiddenException, Get, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectionPositions } from '../common/projection-positions';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles, RolesGuard } from '../common/roles.guard';
import type { DashboardScope } from './dashboard-figures';
import { DashboardSummaryQuery, DashboardTrendQuery, type DashboardSummary, type DashboardTrend } from './dashboard.queries';
import { DashboardRequestDto, DashboardTrendRequestDto } from './dashboard.request.dto';

const DEFINITIONS =
  'Every figure is about the cases received in the period (Beijing dates, inclusive), as they stand today; ' +
  'rates are {numerator, denominator, value}, value null when the denominator is 0. Definitions: apps/api/src/dashboard/README.md.';

/**
 * The leaders' dashboard (领导看板) from the dashboard read model: aggregates only. A unit may read
 * its own unit's figures and no other unit's (403 FORBIDDEN_UNIT), so it can see where it stands.
 */
@ApiTags('dashboard')
@ApiHeader({ name: 'X-Actor', required: true })
@ApiHeader({ name: 'X-Role', required: true })
@Controller('api/v1/dashboard')
@UseGuards(RolesGuard)
@AllowedRoles('dashboard', 'intake', 'discipline', 'admin', 'unit')
export class DashboardController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly positions: ProjectionPositions,
  ) {}

  @Get('summary')
  @ApiOperation({ summary: 'Counts and rates for a period, optionally one unit, category or channel', description: DEFINITIONS })
  async summary(@Query() request: DashboardRequestDto, @Caller() caller: RequestContext): Promise<DashboardSummary> {
    const scope = scopeOf(request, caller);
    if (request.after) await this.positions.waitFor('dashboard', BigInt(request.after));
    return this.queryBus.execute(new DashboardSummaryQuery(scope));
  }

  @Get('trend')
  @ApiOperation({ summary: 'The same figures per day, ISO week (Monday start) or month of receipt', description: DEFINITIONS })
  async trend(@Query() request: DashboardTrendRequestDto, @Caller() caller: RequestContext): Promise<DashboardTrend> {
    const scope = scopeOf(request, caller);
    if (request.after) await this.positions.waitFor('dashboard', BigInt(request.after));
    return this.queryBus.execute(new DashboardTrendQuery(scope, request.interval ?? 'month'));
  }
}

/** The scope asked for; a unit caller is held to its own unit. */
function scopeOf(request: DashboardRequestDto, caller: RequestContext): DashboardScope {
  let unitId = request.unitId ?? null;
  if (caller.role === 'unit') {
    if (unitId !== null && unitId !== caller.unitId) {
      throw new ForbiddenException({
        code: 'FORBIDDEN_UNIT',
        message: `A unit reads only its own figures; ask for unitId=${caller.unitId} or none`,
      });
    }
    unitId = caller.unitId;
  }
  return { from: request.from, to: request.to, unitId, category: request.category ?? null, channel: request.channel ?? null };
}
