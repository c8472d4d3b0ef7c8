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
 * Oversight of a case by the supervision centre and the discipline office (纪检监察): supervise a
 * unit, verify its rectification, and hold people accountable.
 */
@CommandRoutes('api/v1/cases', 'cases')
export class OversightCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

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
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'IssueSupervision', ...dto }, caller, c));
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
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'VerifyRectification', ...dto, note: dto.note ?? null }, caller, c));
  }

  @Post(':id/issue-accountability')
  @HttpCode(200)
  @AllowedRoles('discipline')
  @ApiOperation({ summary: 'Issue accountability (问责) against a unit or an official' })
  issueAccountability(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.IssueAccountabilityRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    const target =
      dto.target.kind === 'organisation'
        ? { kind: 'organisation' as const, unitId: dto.target.unitId }
        : { kind: 'person' as const, unitId: dto.target.unitId, name: dto.target.name!, position: dto.target.position! };
    return this.commandBus.execute(
      new CaseCommandMessage(id, { type: 'IssueAccountability', target, forms: dto.forms, basis: { ...dto.basis } }, caller, c),
    );
  }
}
