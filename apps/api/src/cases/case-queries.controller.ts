import { Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import { CaseErrors } from '@app/domain';
import { Answers, Problems } from '../common/api-contract';
import { Caller, type RequestContext } from '../common/request-context';
import { ReadRoutes } from '../common/routes.decorator';
import { unitScopeOf } from '../common/unit-scope';
import { AsOfPipe } from './as-of.pipe';
import { GetCaseHistoryQuery, GetCaseQuery, type CaseHistory } from './case-by-id.query';
import { CaseIdPipe } from './case-id.pipe';
import type { CaseView } from './case-view';
import { CASE_HISTORY, CASE_VIEW } from './case.responses';

/** One case by id, from its stream: as it stands, as it stood (`asOf`), and its history. */
@ReadRoutes('api/v1/cases', 'cases', 'intake', 'unit', 'discipline', 'admin')
export class CaseQueriesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id')
  @ApiOperation({ summary: 'The case as it stands now, or as it stood at `asOf` (time travel); ETag is its version' })
  @Answers({ status: 200, description: 'The case', schema: CASE_VIEW, headers: ['ETag'] })
  @Problems({ 404: [CaseErrors.CASE_NOT_FOUND] })
  @ApiQuery({ name: 'asOf', required: false, type: String, description: 'ISO-8601 instant: the case as recorded up to then' })
  async get(
    @Param('id', CaseIdPipe) id: string,
    @Query('asOf', AsOfPipe) asOf: number | null,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseView> {
    const view = await this.queryBus.execute(new GetCaseQuery(id, asOf, caller));
    response.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every event of the case, in order, with its metadata' })
  @Answers({ status: 200, description: 'The case’s events', schema: CASE_HISTORY })
  @Problems({ 404: [CaseErrors.CASE_NOT_FOUND] })
  history(@Param('id', CaseIdPipe) id: string, @Caller() caller: RequestContext): Promise<CaseHistory> {
    return this.queryBus.execute(new GetCaseHistoryQuery(id, unitScopeOf(caller)));
  }
}
