import { Body, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Sender, type CommandSender } from '../common/command-sender';
import { CommandRoutes } from '../common/routes.decorator';
import { CaseActionRoute } from './case.responses';
import { CaseCommandMessage } from './case-command.handler';
import { CaseIdPipe } from './case-id.pipe';
import * as Dto from './dto';

/**
 * The responsible unit's commands (承办单位), always for the caller's own unit (X-Unit): sign for,
 * dispute the dispatch, ask for more time, report handling, plan and report rectification. The unit
 * comes from the caller, never from the body: no DTO has a unitId (an unknown field is 400), and the
 * caller's is set last so no body field could replace it.
 */
@CommandRoutes('api/v1/cases', 'cases')
export class UnitCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  @CaseActionRoute('acknowledge')
  @ApiOperation({ summary: 'Sign for the case (签收) as the calling unit' })
  acknowledge(@Param('id', CaseIdPipe) id: string, @Body() _dto: Dto.AcknowledgeRequestDto, @Sender() sender: CommandSender) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'AcknowledgeCase', unitId: sender.caller.unitId! }, sender));
  }

  @CaseActionRoute('dispute-dispatch')
  disputeDispatch(@Param('id', CaseIdPipe) id: string, @Body() dto: Dto.DisputeDispatchRequestDto, @Sender() sender: CommandSender) {
    const request = { type: 'DisputeDispatch' as const, unitId: sender.caller.unitId!, reason: dto.reason };
    return this.commandBus.execute(new CaseCommandMessage(id, request, sender));
  }

  @CaseActionRoute('request-extension')
  requestExtension(@Param('id', CaseIdPipe) id: string, @Body() dto: Dto.RequestExtensionRequestDto, @Sender() sender: CommandSender) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'RequestExtension', ...dto, unitId: sender.caller.unitId! }, sender));
  }

  @CaseActionRoute('report-handling')
  reportHandling(@Param('id', CaseIdPipe) id: string, @Body() dto: Dto.ReportHandlingRequestDto, @Sender() sender: CommandSender) {
    const request = { type: 'ReportHandling' as const, ...dto, result: dto.result ?? null, unitId: sender.caller.unitId! };
    return this.commandBus.execute(new CaseCommandMessage(id, request, sender));
  }

  @CaseActionRoute('plan-rectification')
  planRectification(@Param('id', CaseIdPipe) id: string, @Body() dto: Dto.PlanRectificationRequestDto, @Sender() sender: CommandSender) {
    const measures = dto.measures.map((m) => ({ ...m }));
    const noRectificationReason = dto.noRectificationReason ?? null;
    const request = { type: 'PlanRectification' as const, unitId: sender.caller.unitId!, measures, noRectificationReason };
    return this.commandBus.execute(new CaseCommandMessage(id, request, sender));
  }

  @CaseActionRoute('report-rectification')
  reportRectification(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.ReportRectificationRequestDto,
    @Sender() sender: CommandSender,
  ) {
    const request = { type: 'ReportRectification' as const, ...dto, unitId: sender.caller.unitId! };
    return this.commandBus.execute(new CaseCommandMessage(id, request, sender));
  }
}
