import { Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { RankingErrors } from '@app/domain';
import { Answers, Problems } from '../common/api-contract';
import { ReadRoutes } from '../common/routes.decorator';
import { GetRankingQuery, type RankingView } from './ranking-by-id.query';
import { RankingIdPipe } from './ranking-id.pipe';
import { RANKING } from './rankings.responses';

/** A published ranking: read from its stream, as published and amended, never computed again. */
@ReadRoutes('api/v1/rankings', 'rankings', 'intake', 'unit', 'discipline', 'dashboard', 'admin')
export class RankingsQueriesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id')
  @ApiOperation({
    summary: 'A published ranking: the rows in force, the rows as published with their basis, and every amendment with its differences',
  })
  @Answers({ status: 200, description: 'The ranking', schema: RANKING })
  @Problems({ 404: [RankingErrors.RANKING_NOT_FOUND] })
  get(@Param('id', RankingIdPipe) id: string): Promise<RankingView> {
    return this.queryBus.execute(new GetRankingQuery(id));
  }
}
