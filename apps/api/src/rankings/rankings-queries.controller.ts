import { Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, PickType } from '@nestjs/swagger';
import { RankingErrors } from '@app/domain';
import { DEFAULT_PAGE_SIZE } from '@app/projections/runner/keyset';
import { Answers, Problems } from '../common/api-contract';
import { PageRequestDto } from '../common/page.request.dto';
import { AllowedRoles } from '../common/roles.guard';
import { ReadRoutes } from '../common/routes.decorator';
import { GetRankingQuery, type RankingView } from './ranking-by-id.query';
import { RankingIdPipe } from './ranking-id.pipe';
import { ListRankingsQuery, type RankingPage } from './ranking-list.query';
import { ReproduceRankingQuery, type RankingReproductionView } from './ranking-reproduction.query';
import { RANKING, RANKING_PAGE, RANKING_REPRODUCTION } from './rankings.responses';

/** A page of rankings: read from the log, always current, so there is no `after` to wait for. */
export class RankingListRequestDto extends PickType(PageRequestDto, ['limit', 'cursor'] as const) {}

/**
 * A published ranking: read from its stream, as published and amended, never computed again; and
 * computed again from the log on request, to check the record against it.
 */
@ReadRoutes('api/v1/rankings', 'rankings', 'intake', 'unit', 'discipline', 'dashboard', 'admin')
export class RankingsQueriesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'The rankings published, oldest first (pass nextCursor as cursor): id, title, period, unit kind, when' })
  @Answers({ status: 200, description: 'A page of rankings', schema: RANKING_PAGE })
  @Problems({ 503: ['PROJECTION_NOT_READY'] }) // the log did not settle within 5 s (readSettledLog)
  list(@Query() query: RankingListRequestDto): Promise<RankingPage> {
    return this.queryBus.execute(new ListRankingsQuery(query.limit ?? DEFAULT_PAGE_SIZE, query.cursor ?? null));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A published ranking: the rows in force, the rows as published with their basis, and every amendment with its differences',
  })
  @Answers({ status: 200, description: 'The ranking', schema: RANKING })
  @Problems({ 404: [RankingErrors.RANKING_NOT_FOUND] })
  get(@Param('id', RankingIdPipe) id: string): Promise<RankingView> {
    return this.queryBus.execute(new GetRankingQuery(id));
  }

  @Post(':id/reproduction')
  @HttpCode(200)
  // The publisher (the supervision centre) and the discipline office, who check records: a replay of
  // the log up to the ranking's positions is not a read every ranking reader should be able to start.
  @AllowedRoles('intake', 'discipline')
  @ApiOperation({
    summary:
      'Compute the ranking in force again from the event log alone, up to the positions its basis records and at its instant, ' +
      'and compare: `identical`, or every rank and figure the log does not bear out. Nothing is recorded. ' +
      '422 RANKING_SCHEME_CHANGED when the read models’ versions have changed since (it could not be reproduced)',
  })
  @Answers({ status: 200, description: 'What the log bears out', schema: RANKING_REPRODUCTION })
  @Problems({ 404: [RankingErrors.RANKING_NOT_FOUND], 422: [RankingErrors.RANKING_SCHEME_CHANGED] })
  reproduce(@Param('id', RankingIdPipe) id: string): Promise<RankingReproductionView> {
    return this.queryBus.execute(new ReproduceRankingQuery(id));
  }
}
