import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandWriter } from '../common/command-writer';
import { IdempotencyStore } from '../common/idempotency/idempotency.store';
import { IdempotentAnswers } from '../common/idempotency/idempotent-answers';
import { ProjectionPositions } from '../common/projection-positions';
import { AmendRankingHandler, PublishRankingHandler } from './ranking-command.handler';
import { GetRankingHandler } from './ranking-by-id.query';
import { ListRankingsHandler } from './ranking-list.query';
import { ReproduceRankingHandler } from './ranking-reproduction.query';
import { RankingsCommandsController } from './rankings-commands.controller';
import { RankingsQueriesController } from './rankings-queries.controller';

/** League tables (排名通报) published at a log position and amended explicitly. */
@Module({
  imports: [CqrsModule],
  controllers: [RankingsCommandsController, RankingsQueriesController],
  providers: [
    PublishRankingHandler,
    AmendRankingHandler,
    GetRankingHandler,
    ListRankingsHandler,
    ReproduceRankingHandler,
    CommandWriter,
    IdempotencyStore,
    IdempotentAnswers,
    ProjectionPositions,
  ],
})
export class RankingsModule {}
