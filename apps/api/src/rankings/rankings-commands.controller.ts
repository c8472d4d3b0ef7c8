import { Body, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { RankingErrors } from '@app/domain';
import { Answers, commandAnswer, Problems, READ_MODEL_PROBLEMS } from '../common/api-contract';
import { Sender, type CommandSender } from '../common/command-sender';
import { AllowedRoles } from '../common/roles.guard';
import { COMMAND_RESULT, CommandRoutes } from '../common/routes.decorator';
import { AmendRankingMessage, PublishRankingMessage, type RankingCommandResult } from './ranking-command.handler';
import { RankingIdPipe } from './ranking-id.pipe';
import { AmendRankingRequestDto, PublishRankingRequestDto } from './rankings.dto';

/**
 * Publishing a league table (排名通报) and correcting it. The supervision centre (intake) publishes;
 * the figures are the dashboard's, computed at the moment of publication and frozen in the event.
 */
@CommandRoutes('api/v1/rankings', 'rankings')
export class RankingsCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @AllowedRoles('intake', 'admin')
  @ApiOperation({
    summary:
      'Publish the league table of one unit kind for a month or a year: every unit’s that stood in the period (active, or retired after it began) rates and counts from the dashboard, ranked, ' +
      'recorded with the log position and definitions they were computed at; one per period and kind',
  })
  @Answers(commandAnswer(201, COMMAND_RESULT, ['Location']))
  @Problems(READ_MODEL_PROBLEMS)
  @Problems({ 422: [RankingErrors.RANKING_ALREADY_PUBLISHED, RankingErrors.RANKING_PERIOD_NOT_BEGUN] })
  async publish(
    @Body() dto: PublishRankingRequestDto,
    @Sender() sender: CommandSender,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RankingCommandResult> {
    const result: RankingCommandResult = await this.commandBus.execute(new PublishRankingMessage(dto, sender));
    response.setHeader('Location', `/api/v1/rankings/${result.id}`);
    return result;
  }

  @Post(':id/amend')
  @HttpCode(200)
  @AllowedRoles('intake', 'admin')
  @ApiOperation({
    summary: 'Correct a published ranking (更正): computed again now, recorded with why and every figure and rank it changed',
  })
  @Answers(commandAnswer(200, COMMAND_RESULT))
  @Problems(READ_MODEL_PROBLEMS)
  @Problems({
    404: [RankingErrors.RANKING_NOT_FOUND],
    422: [RankingErrors.AMENDMENT_CHANGES_NOTHING, RankingErrors.AMENDMENT_REASON_REQUIRED],
  })
  amend(
    @Param('id', RankingIdPipe) id: string,
    @Body() dto: AmendRankingRequestDto,
    @Sender() sender: CommandSender,
  ): Promise<RankingCommandResult> {
    return this.commandBus.execute(new AmendRankingMessage({ ...dto, id }, sender));
  }
}
