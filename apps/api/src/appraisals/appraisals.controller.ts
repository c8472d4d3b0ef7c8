import { Controller, ForbiddenException, Get, Param, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ProjectionPositions } from '../common/projection-positions';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles, RolesGuard } from '../common/roles.guard';
import { UnitIdPipe } from '../units/unit-id.pipe';
import { AppraisalYearPipe } from './appraisal-year.pipe';
import { GetAppraisalTableQuery, GetUnitAppraisalQuery, type AppraisalTable, type UnitAppraisalView } from './appraisal.queries';
import { AppraisalReadRequestDto, AppraisalTableRequestDto } from './appraisals.request.dto';

/**
 * The annual appraisal (年度评议/考核, DESIGN.md §5): scores computed at query time from the
 * appraisal read model under the year's scheme, so a newly published scheme applies at once.
 */
@ApiTags('appraisals')
@ApiHeader({ name: 'X-Actor', required: true })
@ApiHeader({ name: 'X-Role', required: true })
@Controller('api/v1/appraisals')
@UseGuards(RolesGuard)
export class AppraisalsController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly positions: ProjectionPositions,
  ) {}

  @Get(':year')
  @AllowedRoles('dashboard', 'discipline', 'admin', 'intake')
  @ApiOperation({ summary: "Every unit's score, grade, rank within its kind and the below-threshold consequence, under the year's scheme" })
  @ApiResponse({ status: 503, description: 'PROJECTION_NOT_READY: not built yet, or not at `after` in time (Retry-After)' })
  async table(@Param('year', AppraisalYearPipe) year: number, @Query() query: AppraisalTableRequestDto): Promise<AppraisalTable> {
    if (query.after) await this.positions.waitFor('appraisal', BigInt(query.after));
    return this.queryBus.execute(new GetAppraisalTableQuery(year, query.kind ?? null));
  }

  @Get(':year/units/:unitId')
  @AllowedRoles('dashboard', 'discipline', 'admin', 'intake', 'unit')
  @ApiOperation({
    summary: 'One unit’s score with its breakdown: every component and deduction with the events behind it (a unit reads its own)',
  })
  @ApiResponse({ status: 404, description: 'UNIT_NOT_FOUND: no such unit appraised that year' })
  async unit(
    @Param('year', AppraisalYearPipe) year: number,
    @Param('unitId', UnitIdPipe) unitId: string,
    @Query() query: AppraisalReadRequestDto,
    @Caller() caller: RequestContext,
  ): Promise<UnitAppraisalView> {
    if (caller.role === 'unit' && caller.unitId !== unitId) {
      throw new ForbiddenException({ code: 'FORBIDDEN_UNIT', message: `A unit reads only its own appraisal (${caller.unitId})` });
    }
    if (query.after) await this.positions.waitFor('appraisal', BigInt(query.after));
    return this.queryBus.execute(new GetUnitAppraisalQuery(year, unitId));
  }
}
