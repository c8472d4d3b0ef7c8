import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Conditions, type CommandConditions } from '../common/command-conditions';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles } from '../common/roles.guard';
import { CommandRoutes } from '../common/routes.decorator';
import { CaseCommandMessage } from './case-command.handler';
import { CaseIdPipe } from './case-id.pipe';
import * as Dto from './dto';

/**
 * The responsible unit's commands (承办单位), always for the caller's own unit (X-Unit): sign for,
 * dispute the dispatch, ask for more time, report handling, plan and report rectification.
 */
@CommandRoutes('api/v1/cases', 'cases')
export class UnitCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/acknowledge')
  @HttpCode(200)
  @AllowedRoles('unit')
  @ApiOperation({ summary: 'Sign for the case (签收) as the calling unit' })
  acknowledge(
    @Param('id', CaseIdPipe) id: string,
    @Body() _dto: Dto.AcknowledgeRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'AcknowledgeCase', unitId: caller.unitId! }, caller, c));
  }

  @Post(':id/dispute-dispatch')
  @HttpCode(200)
  @AllowedRoles('unit')
  disputeDispatch(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.DisputeDispatchRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.commandBus.execute(
      new CaseCommandMessage(id, { type: 'DisputeDispatch', unitId: caller.unitId!, reason: dto.reason }, caller, c),
    );
  }

  @Post(':id/request-extension')
  @HttpCode(200)
  @AllowedRoles('unit')
  requestExtension(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.RequestExtensionRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'RequestExtension', unitId: caller.unitId!, ...dto }, caller, c));
  }

  @Post(':id/report-handling')
  @HttpCode(200)
  @AllowedRoles('unit')
  reportHandling(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.ReportHandlingRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.commandBus.execute(
      new CaseCommandMessage(id, { type: 'ReportHandling', unitId: caller.unitId!, ...dto, result: dto.result ?? null }, caller, c),
    );
  }

  @Post(':id/plan-rectification')
  @HttpCode(200)
  @AllowedRoles('unit')
  planRectification(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.PlanRectificationRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    const measures = dto.measures.map((m) => ({ ...m }));
    return this.commandBus.execute(
      new CaseCommandMessage(
        id,
        { type: 'PlanRectification', unitId: caller.unitId!, measures, noRectificationReason: dto.noRectificationReason ?? null },
        caller,
        c,
      ),
    );
  }

  @Post(':id/report-rectification')
  @HttpCode(200)
  @AllowedRoles('unit')
  reportRectification(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.ReportRectificationRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'ReportRectification', unitId: caller.unitId!, ...dto }, caller, c));
  }
}
