import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { UnitErrors } from '@app/domain';
import { Answers, Problems, READ_MODEL_PROBLEMS, YearParam } from '../common/api-contract';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles } from '../common/roles.guard';
import { ReadRoutes } from '../common/routes.decorator';
import { UnitIdPipe } from '../units/unit-id.pipe';
import { AppraisalYearPipe } from './appraisal-year.pipe';
import { GetAppraisalTableQuery, GetUnitAppraisalQuery, type AppraisalTable, type UnitAppraisalView } from './appraisal.queries';
import { APPRAISAL_TABLE, UNIT_APPRAISAL } from './appraisal.responses';
import { AppraisalReadRequestDto, AppraisalTableRequestDto } from './appraisals.request.dto';

/**
 * The annual appraisal (年度评议/考核, docs/glossary.md): scores computed at query time from the
 * appraisal read model under the year's scheme, so a newly published scheme applies at once.
 */
@YearParam()
@ReadRoutes('api/v1/appraisals', 'appraisals')
export class AppraisalsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':year')
  @AllowedRoles('dashboard', 'discipline', 'admin', 'intake')
  @ApiOperation({ summary: "Every unit's score, grade, rank within its kind and the below-threshold consequence, under the year's scheme" })
  @Answers({ status: 200, description: 'The year’s table', schema: APPRAISAL_TABLE })
  @Problems(READ_MODEL_PROBLEMS)
  table(@Param('year', AppraisalYearPipe) year: number, @Query() request: AppraisalTableRequestDto): Promise<AppraisalTable> {
    return this.queryBus.execute(new GetAppraisalTableQuery(year, request));
  }

  @Get(':year/units/:unitId')
  @AllowedRoles('dashboard', 'discipline', 'admin', 'intake', 'unit')
  @ApiOperation({
    summary: 'One unit’s score with its breakdown: every component and deduction with the events behind it (a unit reads its own)',
  })
  @Answers({ status: 200, description: 'The unit’s appraisal', schema: UNIT_APPRAISAL })
  @Problems(READ_MODEL_PROBLEMS)
  // No such unit appraised that year; to a unit, any unit but its own.
  @Problems({ 404: [UnitErrors.UNIT_NOT_FOUND] })
  unit(
    @Param('year', AppraisalYearPipe) year: number,
    @Param('unitId', UnitIdPipe) unitId: string,
    @Query() request: AppraisalReadRequestDto,
    @Caller() caller: RequestContext,
  ): Promise<UnitAppraisalView> {
    return this.queryBus.execute(new GetUnitAppraisalQuery(year, unitId, request, caller));
  }
}
