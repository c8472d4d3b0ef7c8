import { Body, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { Conditions, type CommandConditions } from '../common/command-conditions';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles } from '../common/roles.guard';
import { CommandRoutes } from '../common/routes.decorator';
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
  @ApiOperation({ summary: 'File a complaint (登记): creates the case' })
  async file(
    @Body() dto: Dto.FileComplaintRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() { idempotencyKey }: CommandConditions,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseCommandResult> {
    // If-Match means nothing for a case that does not exist yet; an Idempotency-Key names the new case.
    const result = await this.commandBus.execute(
      new CaseCommandMessage(null, { type: 'FileComplaint', ...dto }, caller, { idempotencyKey }),
    );
    response.setHeader('Location', `/api/v1/cases/${result.id}`);
    return result;
  }

  @Post(':id/accept')
  @HttpCode(200)
  @AllowedRoles('intake')
  accept(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.AcceptComplaintRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'AcceptComplaint', note: dto.note ?? null }, caller, c));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @AllowedRoles('intake')
  reject(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.RejectComplaintRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'RejectComplaint', reason: dto.reason }, caller, c));
  }

  @Post(':id/notify-unit')
  @HttpCode(200)
  @AllowedRoles('intake')
  @ApiOperation({ summary: 'Dispatch (交办) to a lead or co-handling unit; due dates in working days' })
  notifyUnit(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.NotifyUnitRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'NotifyUnit', ...dto }, caller, c));
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @AllowedRoles('intake')
  @ApiOperation({ summary: 'Re-route (改派) the case from one unit to another' })
  transfer(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.TransferRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'TransferCase', ...dto }, caller, c));
  }

  @Post(':id/decide-extension')
  @HttpCode(200)
  @AllowedRoles('intake')
  decideExtension(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.DecideExtensionRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'DecideExtension', ...dto }, caller, c));
  }

  @Post(':id/record-return-visit')
  @HttpCode(200)
  @AllowedRoles('intake')
  recordReturnVisit(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.RecordReturnVisitRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.commandBus.execute(
      new CaseCommandMessage(id, { type: 'RecordReturnVisit', satisfaction: dto.satisfaction, note: dto.note ?? null }, caller, c),
    );
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @AllowedRoles('intake')
  reopen(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.ReopenRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'ReopenCase', reason: dto.reason }, caller, c));
  }

  @Post(':id/close')
  @HttpCode(200)
  @AllowedRoles('intake')
  @ApiOperation({ summary: 'Close the case (办结) through the 四不放过 gate' })
  close(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.CloseRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.commandBus.execute(
      new CaseCommandMessage(
        id,
        { type: 'CloseCase', accountabilityNotRequiredReason: dto.accountabilityNotRequiredReason ?? null },
        caller,
        c,
      ),
    );
  }
}
