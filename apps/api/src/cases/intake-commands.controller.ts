import { Body, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { Answers, commandAnswer, Problems } from '../common/api-contract';
import { creating, Sender, type CommandSender } from '../common/command-sender';
import { ReturnedOnce } from '../common/idempotency/idempotent-answers';
import { AllowedRoles } from '../common/roles.guard';
import { CommandRoutes } from '../common/routes.decorator';
import { CASE_PROBLEMS, CaseActionRoute, FILED_CASE } from './case.responses';
import { CaseCommandMessage, type CaseCommandResult } from './case-command.handler';
import { CaseIdPipe } from './case-id.pipe';
import * as Dto from './dto';

/**
 * The complaint-handling staff's commands (受理/督办中心): file, accept or reject, dispatch and
 * re-route, decide extensions, visit the complainant, reopen and close. Each route maps its body to
 * a CaseCommandMessage; CaseCommandHandler does the rest.
 */
@CommandRoutes('api/v1/cases', 'cases')
export class IntakeCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @AllowedRoles('intake')
  @ReturnedOnce('queryCode')
  @Answers(commandAnswer(201, FILED_CASE, ['Location']))
  @Problems({ 422: CASE_PROBLEMS[422]! })
  @ApiOperation({ summary: 'File a complaint (登记): creates the case; answers the complainant’s query code (查询码) this once' })
  async file(
    @Body() dto: Dto.FileComplaintRequestDto,
    @Sender() sender: CommandSender,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseCommandResult> {
    const result = await this.commandBus.execute(new CaseCommandMessage(null, { type: 'FileComplaint', ...dto }, creating(sender)));
    response.setHeader('Location', `/api/v1/cases/${result.id}`);
    return result;
  }

  @CaseActionRoute('accept')
  accept(@Param('id', CaseIdPipe) id: string, @Body() dto: Dto.AcceptComplaintRequestDto, @Sender() sender: CommandSender) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'AcceptComplaint', note: dto.note ?? null }, sender));
  }

  @CaseActionRoute('reject')
  reject(@Param('id', CaseIdPipe) id: string, @Body() dto: Dto.RejectComplaintRequestDto, @Sender() sender: CommandSender) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'RejectComplaint', reason: dto.reason }, sender));
  }

  @CaseActionRoute('notify-unit')
  @ApiOperation({ summary: 'Dispatch (交办) to a lead or co-handling unit; due dates in working days' })
  notifyUnit(@Param('id', CaseIdPipe) id: string, @Body() dto: Dto.NotifyUnitRequestDto, @Sender() sender: CommandSender) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'NotifyUnit', ...dto }, sender));
  }

  @CaseActionRoute('transfer')
  @ApiOperation({ summary: 'Re-route (改派) the case from one unit to another' })
  transfer(@Param('id', CaseIdPipe) id: string, @Body() dto: Dto.TransferRequestDto, @Sender() sender: CommandSender) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'TransferCase', ...dto }, sender));
  }

  @CaseActionRoute('decide-extension')
  decideExtension(@Param('id', CaseIdPipe) id: string, @Body() dto: Dto.DecideExtensionRequestDto, @Sender() sender: CommandSender) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'DecideExtension', ...dto }, sender));
  }

  @CaseActionRoute('record-return-visit')
  recordReturnVisit(@Param('id', CaseIdPipe) id: string, @Body() dto: Dto.RecordReturnVisitRequestDto, @Sender() sender: CommandSender) {
    const request = { type: 'RecordReturnVisit' as const, satisfaction: dto.satisfaction, note: dto.note ?? null };
    return this.commandBus.execute(new CaseCommandMessage(id, request, sender));
  }

  @CaseActionRoute('reopen')
  reopen(@Param('id', CaseIdPipe) id: string, @Body() dto: Dto.ReopenRequestDto, @Sender() sender: CommandSender) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'ReopenCase', reason: dto.reason }, sender));
  }

  @CaseActionRoute('close')
  @ApiOperation({ summary: 'Close the case (办结) through the 四不放过 gate' })
  close(@Param('id', CaseIdPipe) id: string, @Body() dto: Dto.CloseRequestDto, @Sender() sender: CommandSender) {
    const request = { type: 'CloseCase' as const, accountabilityNotRequiredReason: dto.accountabilityNotRequiredReason ?? null };
    return this.commandBus.execute(new CaseCommandMessage(id, request, sender));
  }
}
