import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { CaseErrors } from '@app/domain';
import { Answers, Problems } from '../common/api-contract';
import { Sender, type CommandSender } from '../common/command-sender';
import { ReturnedOnce } from '../common/idempotency/idempotent-answers';
import { AllowedRoles } from '../common/roles.guard';
import { CommandRoutes } from '../common/routes.decorator';
import type { CaseCommandResult } from '../cases/case-command.handler';
import { CaseIdPipe } from '../cases/case-id.pipe';
import { CaseCommandRoute } from '../cases/case.responses';
import { REISSUED_QUERY_CODE } from './complainant.responses';
import { EraseComplainantRequestDto } from './complainant.request.dto';
import { EraseComplainantIdentityMessage } from './erase-complainant-identity.handler';
import { ReissueQueryCode, type ReissuedQueryCode } from './reissue-query-code.handler';

/** Commands on a case's complainant data: erasure (the admin) and a new query code (intake). */
@CommandRoutes('api/v1/cases', 'complainants')
export class ComplainantCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  @CaseCommandRoute(':id/complainant/erase', 'admin')
  @ApiOperation({
    summary: 'Erase the complainant’s identity by crypto-shredding: its data key is deleted, the case and its history stay',
  })
  erase(
    @Param('id', CaseIdPipe) id: string,
    @Body() dto: EraseComplainantRequestDto,
    @Sender() sender: CommandSender,
  ): Promise<CaseCommandResult> {
    return this.commandBus.execute(new EraseComplainantIdentityMessage(id, dto.reason, sender));
  }

  @Post(':id/query-code')
  @HttpCode(201)
  @AllowedRoles('intake')
  @ReturnedOnce('queryCode')
  @Answers({
    status: 201,
    description: 'The new query code',
    schema: REISSUED_QUERY_CODE,
    headers: ['Idempotent-Replayed'],
  })
  @Problems({ 404: [CaseErrors.CASE_NOT_FOUND] })
  @ApiOperation({ summary: 'Issue a new query code (查询码) for the complainant; the earlier one stops working. Shown once' })
  reissueQueryCode(@Param('id', CaseIdPipe) id: string, @Sender() { caller, conditions }: CommandSender): Promise<ReissuedQueryCode> {
    return this.commandBus.execute(new ReissueQueryCode(id, caller, conditions.expectedVersion));
  }
}
