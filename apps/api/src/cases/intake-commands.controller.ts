import { Body, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { deterministicUuid } from '@app/event-store';
import { DeadlineRulesProvider } from '../admin/deadline-rules.provider';
import { Conditions, type CommandConditions } from '../common/command-conditions';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles } from '../common/roles.guard';
import { CaseCommandRoutes } from './case-command-routes.decorator';
import { CaseCommandSender } from './case-command-sender';
import { CaseIdPipe } from './case-id.pipe';
import * as Dto from './dto';
import { ComplainantStore } from '../complainants/complainant.store';
import { UnitDirectory } from '../units/unit-directory';
import type { CaseCommandResult } from './execute-case-command';

/**
 * The complaint-handling staff's commands (受理/督办中心): file, accept or reject, dispatch and
 * re-route, decide extensions, visit the complainant, reopen and close. DTO → domain command →
 * CommandBus; the rules live in the decider, this adds the data it cannot read itself (the calendar
 * and time limits in force, whether a unit exists, where the complainant's identity is kept).
 */
@CaseCommandRoutes()
export class IntakeCommandsController {
  constructor(
    private readonly sender: CaseCommandSender,
    private readonly rules: DeadlineRulesProvider,
    private readonly units: UnitDirectory,
    private readonly complainants: ComplainantStore,
  ) {}

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
    // With an Idempotency-Key the id is derived from it, so a retry after a lost response finds its case.
    const caseId = idempotencyKey ? deterministicUuid(`case:${caller.actorId}:${idempotencyKey}`) : randomUUID();
    await this.units.requireActive(dto.complainedUnitId, 'complainedUnitId');
    const { complainant, ...complaint } = dto;
    const ref = complainant.anonymous
      ? null
      : await this.complainants.save(caseId, {
          name: complainant.name!,
          phone: complainant.phone!,
          enterprise: complainant.enterprise ?? null,
        });
    const command = {
      type: 'FileComplaint' as const,
      caseId,
      ...complaint,
      complainant: { ref, anonymous: complainant.anonymous },
      rules: await this.rules.current(),
    };
    const result = await this.sender.send(caseId, command, caller, { idempotencyKey });
    response.setHeader('Location', `/api/v1/cases/${caseId}`);
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
    return this.sender.send(id, { type: 'AcceptComplaint', note: dto.note ?? null }, caller, c);
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
    return this.sender.send(id, { type: 'RejectComplaint', reason: dto.reason }, caller, c);
  }

  @Post(':id/notify-unit')
  @HttpCode(200)
  @AllowedRoles('intake')
  @ApiOperation({ summary: 'Dispatch (交办) to a lead or co-handling unit; due dates in working days' })
  async notifyUnit(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.NotifyUnitRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    await this.units.requireActive(dto.unitId, 'unitId');
    return this.sender.send(id, { type: 'NotifyUnit', ...dto, rules: await this.rules.current() }, caller, c);
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @AllowedRoles('intake')
  @ApiOperation({ summary: 'Re-route (改派) the case from one unit to another' })
  async transfer(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.TransferRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    await this.units.requireActive(dto.toUnitId, 'toUnitId');
    return this.sender.send(id, { type: 'TransferCase', ...dto, rules: await this.rules.current() }, caller, c);
  }

  @Post(':id/decide-extension')
  @HttpCode(200)
  @AllowedRoles('intake')
  async decideExtension(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.DecideExtensionRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.sender.send(id, { type: 'DecideExtension', ...dto, rules: await this.rules.current() }, caller, c);
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
    return this.sender.send(id, { type: 'RecordReturnVisit', satisfaction: dto.satisfaction, note: dto.note ?? null }, caller, c);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @AllowedRoles('intake')
  async reopen(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.ReopenRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.sender.send(id, { type: 'ReopenCase', reason: dto.reason, rules: await this.rules.current() }, caller, c);
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
    return this.sender.send(
      id,
      { type: 'CloseCase', accountabilityNotRequiredReason: dto.accountabilityNotRequiredReason ?? null },
      caller,
      c,
    );
  }
}
