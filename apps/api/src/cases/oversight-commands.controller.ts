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
 * Oversight of a case by the supervision centre and the discipline office (纪检监察): supervise a
 * unit, verify its rectification, hold people accountable, and reopen a closed case on a look-back
 * review (回头看).
 */
@CommandRoutes('api/v1/cases', 'cases')
export class OversightCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  @CaseActionRoute('supervise')
  @ApiOperation({ summary: 'Urge (催办), supervise (督办), list (挂牌督办) a unit, or record a 约谈 of its head (day and attendees)' })
  supervise(@Param('id', CaseIdPipe) id: string, @Body() dto: Dto.SuperviseRequestDto, @Sender() sender: CommandSender) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'IssueSupervision', ...dto }, sender));
  }

  @CaseActionRoute('verify-rectification')
  @ApiOperation({ summary: 'Verify (验收) a reported measure, or reject it' })
  verifyRectification(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.VerifyRectificationRequestDto,
    @Sender() sender: CommandSender,
  ) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'VerifyRectification', ...dto, note: dto.note ?? null }, sender));
  }

  @CaseActionRoute('issue-accountability')
  @ApiOperation({ summary: 'Issue accountability (问责) against a unit or an official' })
  issueAccountability(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: Dto.IssueAccountabilityRequestDto,
    @Sender() sender: CommandSender,
  ) {
    const request = {
      type: 'IssueAccountability' as const,
      target: Dto.accountabilityTargetOf(dto.target),
      forms: dto.forms,
      basis: { ...dto.basis },
    };
    return this.commandBus.execute(new CaseCommandMessage(id, request, sender));
  }

  @CaseActionRoute('review-reopen')
  @ApiOperation({ summary: 'Reopen a closed case on a look-back review (回头看): a new round for the lead unit' })
  reviewReopen(@Param('id', CaseIdPipe) id: string, @Body() dto: Dto.ReopenRequestDto, @Sender() sender: CommandSender) {
    return this.commandBus.execute(new CaseCommandMessage(id, { type: 'ReopenClosedCase', reason: dto.reason }, sender));
  }
}
