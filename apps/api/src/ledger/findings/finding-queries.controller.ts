import { Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { FindingErrors } from '@app/domain';
import { Answers, Problems } from '../../common/api-contract';
import { Caller, type RequestContext } from '../../common/request-context';
import { ReadRoutes } from '../../common/routes.decorator';
import { unitScopeOf } from '../../common/unit-scope';
import { UuidPipe } from '../../common/uuid.pipe';
import { GetFindingQuery } from './finding.query';
import type { FindingView } from './finding-view';
import { FINDING_VIEW } from './finding.responses';

/** One finding by id, from its stream: intake and discipline read every one, a unit those it may know of. */
@ReadRoutes('api/v1/findings', 'ledger', 'intake', 'unit', 'discipline')
export class FindingQueriesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id')
  @ApiOperation({ summary: 'The finding and its measures; ETag is its version' })
  @Answers({ status: 200, description: 'The finding', schema: FINDING_VIEW, headers: ['ETag'] })
  @Problems({ 404: [FindingErrors.FINDING_NOT_FOUND] })
  async get(
    @Param('id', new UuidPipe('a finding id')) id: string,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FindingView> {
    const view = await this.queryBus.execute(new GetFindingQuery(id, unitScopeOf(caller)));
    response.setHeader('ETag', `"${view.version}"`);
    return view;
  }
}
