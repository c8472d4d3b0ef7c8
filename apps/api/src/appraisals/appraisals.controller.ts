import { Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { UnitErrors } from '@app/domain';
import { Answers, Problems, READ_MODEL_PROBLEMS, YearParam } from '../common/api-contract';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles } from '../common/roles.guard';
import { ReadRoutes } from '../common/routes.decorator';
import { UnitIdPipe } from '../units/unit-id.pipe';
import { AppraisalYearPipe } from './appraisal-year.pipe';
import type { Page } from '@app/projections/runner/keyset';
import { PageRequestDto } from '../common/page.request.dto';
import { sendJsonParts } from '../common/json-body';
import {
  GetAppraisalTableQuery,
  GetUnitAccountabilityQuery,
  GetUnitAppraisalCasesQuery,
  GetUnitAppraisalQuery,
  type AppraisalTableAnswer,
  type UnitAppraisalAnswer,
} from './appraisal.queries';
import {
  ACCOUNTABILITY_ITEMS_PAGE,
  APPRAISAL_TABLE,
  APPRAISAL_YEAR_PROBLEMS,
  APPRAISED_CASES_PAGE,
  UNIT_APPRAISAL,
} from './appraisal.responses';
import { AppraisalReadRequestDto, AppraisalTableRequestDto } from './appraisals.request.dto';
import type { ListedAppraisedCase } from './unit-breakdowns';
import type { ListedDeductionItem } from './case-links';

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
  @ApiOperation({
    summary:
      "Every unit's score, grade, rank within its kind and the below-threshold consequence, under the year's scheme; " +
      'the year in progress as it stands, a year not begun in Beijing 422 APPRAISAL_YEAR_IN_FUTURE',
  })
  @Answers({ status: 200, description: 'The year’s table', schema: APPRAISAL_TABLE })
  @Problems(READ_MODEL_PROBLEMS)
  @Problems(APPRAISAL_YEAR_PROBLEMS)
  async table(
    @Param('year', AppraisalYearPipe) year: number,
    @Query() request: AppraisalTableRequestDto,
    @Res() response: Response,
  ): Promise<void> {
    const answer: AppraisalTableAnswer = await this.queryBus.execute(new GetAppraisalTableQuery(year, request));
    // The JSON as response.json would write it, serialised and encoded once per version of the year and kind.
    sendJsonParts(response, [answer.body]);
  }

  @Get(':year/units/:unitId')
  @AllowedRoles('dashboard', 'discipline', 'admin', 'intake', 'unit')
  @ApiOperation({
    summary:
      'One unit’s score with its breakdown: every component and deduction with the events behind it, the accountability ' +
      'decisions a page at a time (that deduction’s `nextCursor`: …/accountability?cursor=), the cases behind the ' +
      'indicators and overdue deduction a page at a time (`cases.nextCursor`: …/cases?cursor=); a unit reads its own',
  })
  @Answers({ status: 200, description: 'The unit’s appraisal', schema: UNIT_APPRAISAL })
  @Problems(READ_MODEL_PROBLEMS)
  @Problems(APPRAISAL_YEAR_PROBLEMS)
  // No such unit appraised that year; to a unit, any unit but its own.
  @Problems({ 404: [UnitErrors.UNIT_NOT_FOUND] })
  async unit(
    @Param('year', AppraisalYearPipe) year: number,
    @Param('unitId', UnitIdPipe) unitId: string,
    @Query() request: AppraisalReadRequestDto,
    @Caller() caller: RequestContext,
    @Res() response: Response,
  ): Promise<void> {
    const answer: UnitAppraisalAnswer = await this.queryBus.execute(new GetUnitAppraisalQuery(year, unitId, request, caller));
    // The JSON as response.json would write it (same bytes, same Content-Type with charset), its
    // largest part serialised and encoded once per version of the year (UnitAppraisalAnswer).
    sendJsonParts(response, answer.body);
  }

  @Get(':year/units/:unitId/cases')
  @AllowedRoles('dashboard', 'discipline', 'admin', 'intake', 'unit')
  @ApiOperation({
    summary:
      'The cases behind a unit’s indicators and overdue deduction, by case id, each with the events that place it ' +
      '(keyset: pass the breakdown’s cases.nextCursor, then each page’s nextCursor, as cursor)',
  })
  @Answers({ status: 200, description: 'A page of the unit’s cases', schema: APPRAISED_CASES_PAGE })
  @Problems(READ_MODEL_PROBLEMS)
  @Problems(APPRAISAL_YEAR_PROBLEMS)
  @Problems({ 404: [UnitErrors.UNIT_NOT_FOUND] })
  cases(
    @Param('year', AppraisalYearPipe) year: number,
    @Param('unitId', UnitIdPipe) unitId: string,
    @Query() request: PageRequestDto,
    @Caller() caller: RequestContext,
  ): Promise<Page<ListedAppraisedCase>> {
    return this.queryBus.execute(new GetUnitAppraisalCasesQuery(year, unitId, request, caller));
  }

  @Get(':year/units/:unitId/accountability')
  @AllowedRoles('dashboard', 'discipline', 'admin', 'intake', 'unit')
  @ApiOperation({
    summary:
      'The accountability decisions (问责) against a unit in the year, on cases and on findings, by event id, each with its event ' +
      'and the points it deducts (keyset: pass the breakdown’s accountability deduction’s nextCursor, then each page’s nextCursor, as cursor)',
  })
  @Answers({ status: 200, description: 'A page of the unit’s accountability decisions', schema: ACCOUNTABILITY_ITEMS_PAGE })
  @Problems(READ_MODEL_PROBLEMS)
  @Problems(APPRAISAL_YEAR_PROBLEMS)
  @Problems({ 404: [UnitErrors.UNIT_NOT_FOUND] })
  accountability(
    @Param('year', AppraisalYearPipe) year: number,
    @Param('unitId', UnitIdPipe) unitId: string,
    @Query() request: PageRequestDto,
    @Caller() caller: RequestContext,
  ): Promise<Page<ListedDeductionItem>> {
    return this.queryBus.execute(new GetUnitAccountabilityQuery(year, unitId, request, caller));
  }
}
