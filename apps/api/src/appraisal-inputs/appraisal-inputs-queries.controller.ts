import { Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { UnitErrors } from '@app/domain';
import { Answers, Problems, YearParam } from '../common/api-contract';
import { ReadRoutes } from '../common/routes.decorator';
import { AppraisalYearPipe } from '../appraisals/appraisal-year.pipe';
import { UnitIdPipe } from '../units/unit-id.pipe';
import { GetAppraisalInputsQuery, type AppraisalInputsView } from './appraisal-inputs.query';
import { APPRAISAL_INPUTS } from './appraisal-inputs.responses';

/**
 * A unit's appraisal inputs for a year as recorded, with the stream's version as ETag (the If-Match
 * of the next record). A read, apart from the commands' controller: it takes no Idempotency-Key or
 * If-Match and answers none of the commands' 409, 412 or 422 (docs/rules.md#appraisal-inputs).
 */
@YearParam()
@ReadRoutes('api/v1/appraisal-inputs/:year/units/:unitId', 'appraisal inputs', 'admin', 'discipline', 'dashboard')
export class AppraisalInputsQueriesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'The inputs recorded for the unit and year; ETag is the stream’s version' })
  @Answers({ status: 200, description: 'The inputs recorded (version 0: none yet)', schema: APPRAISAL_INPUTS, headers: ['ETag'] })
  @Problems({ 404: [UnitErrors.UNIT_NOT_FOUND] })
  async get(
    @Param('year', AppraisalYearPipe) year: number,
    @Param('unitId', UnitIdPipe) unitId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AppraisalInputsView> {
    const view = await this.queryBus.execute(new GetAppraisalInputsQuery(year, unitId));
    response.setHeader('ETag', `"${view.version}"`);
    return view;
  }
}
