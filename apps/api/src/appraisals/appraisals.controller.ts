import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles } from '../common/roles.guard';
import { ReadRoutes } from '../common/routes.decorator';
import { UnitIdPipe } from '../units/unit-id.pipe';
import { AppraisalYearPipe } from './appraisal-year.pipe';
import { GetAppraisalTableQuery, GetUnitAppraisalQuery, type AppraisalTable, type UnitAppraisalView } from './appraisal.queries';
import { AppraisalReadRequestDto, AppraisalTableRequestDto } from './appraisals.request.dto';

/**
 * The annual appraisal (年度评议/考核, docs/glossary.md): scores computed at query time from the
 * appraisal read model under the year's scheme, so a newly published scheme applies at once.
 */
@ReadRoutes('api/v1/appraisals', 'appraisals')
export class AppraisalsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':year')
  @AllowedRoles('dashboard', 'discipline', 'admin', 'intake')
  @ApiOperation({ summary: "Every unit's score, grade, rank within its kind and the below-threshold consequence, under the year's scheme" })
  @ApiResponse({ status: 503, description: 'PROJECTION_NOT_READY: not built yet, or not at `after` in time (Retry-After)' })
  table(@Param('year', AppraisalYearPipe) year: number, @Query() request: AppraisalTableRequestDto): Promise<AppraisalTable> {
    return this.queryBus.execute(new GetAppraisalTableQuery(year, request));
  }

  @Get(':year/units/:unitId')
  @AllowedRoles('dashboard', 'discipline', 'admin', 'intake', 'unit')
  @ApiOperation({
    summary: 'One unit’s score with its breakdown: every component and deduction with the events behind it (a unit reads its own)',
  })
  @ApiResponse({ status: 404, description: 'UNIT_NOT_FOUND: no such unit appraised that year (to a unit: any unit but its own)' })
  unit(
    @Param('year', AppraisalYearPipe) year: number,
    @Param('unitId', UnitIdPipe) unitId: string,
    @Query() request: AppraisalReadRequestDto,
    @Caller() caller: RequestContext,
  ): Promise<UnitAppraisalView> {
    return this.queryBus.execute(new GetUnitAppraisalQuery(year, unitId, request, caller));
  }
}
