import { Body, Controller, HttpCode, Inject, Param, Post, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { CaseCommand } from '@app/domain';
import { deterministicUuid } from '@app/event-store';
import { CLOCK, type Clock } from '@app/platform';
import { DeadlineRulesProvider } from '../admin/deadline-rules.provider';
import { IdempotencyInterceptor } from '../common/idempotency/idempotency.interceptor';
import { Conditions, type CommandConditions } from '../common/command-conditions';
import { VersionEtagInterceptor } from '../common/version-etag.interceptor';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles, RolesGuard } from '../common/roles.guard';
import { ComplainantStore } from '../complainants/complainant.store';
import { UnitDirectory } from '../units/unit-directory';
import { CaseIdPipe } from './case-id.pipe';
import * as Dto from './dto';
import { ExecuteCaseCommand, type CaseCommandResult } from './execute-case-command';

/** Distributes Omit over the union, so each command keeps its own fields. */
type WithoutAt<T> = T extends unknown ? Omit<T, 'at'> : never;

/**
 * One thin route per case command: request DTO → domain command → CommandBus. Rules live in the
 * decider; this layer adds who is calling, the clock, and the data the decider cannot read itself
 * (the calendar and time limits in force, whether a unit exists).
 */
@ApiTags('cases')
@ApiHeader({ name: 'X-Actor', required: true })
@ApiHeader({ name: 'X-Role', required: true, enum: ['intake', 'unit', 'discipline', 'dashboard', 'admin'] })
@ApiHeader({ name: 'X-Unit', required: false, description: 'Required for the unit role' })
@ApiHeader({ name: 'If-Match', required: false, description: '"<version>": act only if the case is still at that version (else 412)' })
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first response' })
@Controller('api/v1/cases')
@UseGuards(RolesGuard)
// Outermost first: the idempotency record stores the ETag the inner interceptor has set.
@UseInterceptors(IdempotencyInterceptor, VersionEtagInterceptor)
export class CaseCommandsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly rules: DeadlineRulesProvider,
    private readonly units: UnitDirectory,
    private readonly complainants: ComplainantStore,
    @Inject(CLOCK) private readonly clock: Clock,
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
      : await this.complainants.save(caseId, { name: complainant.name!, phone: complainant.phone!, enterprise: complainant.enterprise ?? null });
    const command = { type: 'FileComplaint' as const, caseId, ...complaint, complainant: { ref, anonymous: complainant.anonymous }, rules: await this.rules.current() };
    const result = await this.send(caseId, command, caller, { idempotencyKey });
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
    return this.send(id, { type: 'AcceptComplaint', note: dto.note ?? null }, caller, c);
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
    return this.send(id, { type: 'RejectComplaint', reason: dto.reason }, caller, c);
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
    return this.send(id, { type: 'NotifyUnit', ...dto, rules: await this.rules.current() }, caller, c);
  }

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
    return this.send(id, { type: 'AcknowledgeCase', unitId: caller.unitId! }, caller, c);
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
    return this.send(id, { type: 'DisputeDispatch', unitId: caller.unitId!, reason: dto.reason }, caller, c);
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
    return this.send(id, { type: 'TransferCase', ...dto, rules: await this.rules.current() }, caller, c);
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
    return this.send(id, { type: 'RequestExtension', unitId: caller.unitId!, ...dto }, caller, c);
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
    return this.send(id, { type: 'DecideExtension', ...dto, rules: await this.rules.current() }, caller, c);
  }

  @Post(':id/supervise')
  @HttpCode(200)
  @AllowedRoles('intake', 'discipline')
  @ApiOperation({ summary: 'Urge (催办), supervise (督办) or list (挂牌督办) a unit' })
  supervise(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.SuperviseRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.send(id, { type: 'IssueSupervision', ...dto }, caller, c);
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
    return this.send(id, { type: 'ReportHandling', unitId: caller.unitId!, ...dto, result: dto.result ?? null }, caller, c);
  }

  @Post(':id/plan-rectification')
  @HttpCode(200)
  @AllowedRoles('unit')
  async planRectification(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.PlanRectificationRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    for (const [i, m] of dto.measures.entries()) await this.units.requireActive(m.responsibleUnitId, `measures[${i}].responsibleUnitId`);
    const measures = dto.measures.map((m) => ({ ...m }));
    return this.send(id, { type: 'PlanRectification', unitId: caller.unitId!, measures, noRectificationReason: dto.noRectificationReason ?? null }, caller, c);
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
    return this.send(id, { type: 'ReportRectification', unitId: caller.unitId!, ...dto }, caller, c);
  }

  @Post(':id/verify-rectification')
  @HttpCode(200)
  @AllowedRoles('intake', 'discipline')
  @ApiOperation({ summary: 'Verify (验收) a reported measure, or reject it' })
  verifyRectification(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.VerifyRectificationRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.send(id, { type: 'VerifyRectification', ...dto, note: dto.note ?? null }, caller, c);
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
    return this.send(id, { type: 'RecordReturnVisit', satisfaction: dto.satisfaction, note: dto.note ?? null }, caller, c);
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
    return this.send(id, { type: 'ReopenCase', reason: dto.reason, rules: await this.rules.current() }, caller, c);
  }

  @Post(':id/issue-accountability')
  @HttpCode(200)
  @AllowedRoles('discipline')
  @ApiOperation({ summary: 'Issue accountability (问责) against a unit or an official' })
  async issueAccountability(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.IssueAccountabilityRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    await this.units.requireActive(dto.target.unitId, 'target.unitId');
    const target = dto.target.kind === 'organisation' ? { kind: 'organisation' as const, unitId: dto.target.unitId } : { kind: 'person' as const, unitId: dto.target.unitId, name: dto.target.name!, position: dto.target.position! };
    const accountabilityId = c.idempotencyKey ? deterministicUuid(`accountability:${caller.actorId}:${c.idempotencyKey}`) : randomUUID();
    return this.send(id, { type: 'IssueAccountability', accountabilityId, target, forms: dto.forms, basis: { ...dto.basis } }, caller, c);
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
    return this.send(id, { type: 'CloseCase', accountabilityNotRequiredReason: dto.accountabilityNotRequiredReason ?? null }, caller, c);
  }

  private send(caseId: string, command: WithoutAt<CaseCommand>, caller: RequestContext, conditions: CommandConditions): Promise<CaseCommandResult> {
    const full = { ...command, at: this.clock.now().toISOString() } as CaseCommand;
    return this.commandBus.execute(new ExecuteCaseCommand(caseId, full, caller, conditions));
  }
}
