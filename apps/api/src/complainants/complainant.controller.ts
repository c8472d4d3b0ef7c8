import { Get, Param, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { CaseErrors } from '@app/domain';
import { Answers, Problems } from '../common/api-contract';
import { Caller, type RequestContext } from '../common/request-context';
import { ReadRoutes } from '../common/routes.decorator';
import { CaseIdPipe } from '../cases/case-id.pipe';
import { ReadComplainantRequestDto } from './complainant.request.dto';
import { COMPLAINANT_IDENTITY } from './complainant.responses';
import { COMPLAINANT_KEY_UNAVAILABLE } from './master-key-unavailable';
import { ReadComplainantIdentity, type ComplainantIdentityAnswer } from './read-complainant-identity.handler';

/**
 * The complainant of a case, decrypted, for the complaint-handling staff (a return visit needs the
 * phone) and the discipline office: never a unit, a dashboard or the admin. Each read is recorded
 * first (ComplainantIdentityRead), with its purpose.
 */
@ReadRoutes('api/v1/cases', 'complainants', 'intake', 'discipline')
export class ComplainantController {
  constructor(private readonly commandBus: CommandBus) {}

  @Get(':id/complainant')
  @ApiOperation({
    summary: 'The complainant’s identity (name, phone, ID number, enterprise); every read is recorded with its purpose',
    description:
      'Anonymous: `anonymous: true`, no identity. Erased (crypto-shredded): 200 with `erased: true`, `erasedAt`, no identity. ' +
      'The read is listed in the audit log as ComplainantIdentityRead (discipline).',
  })
  @Answers({ status: 200, description: 'The identity, or why there is none', schema: COMPLAINANT_IDENTITY })
  // 409: the case moved under the read three times over (an erasure, a step): IdentityAccessLog.readAgain.
  @Problems({ 404: [CaseErrors.CASE_NOT_FOUND], 409: ['CONCURRENT_MODIFICATION'], 503: [COMPLAINANT_KEY_UNAVAILABLE] })
  read(
    @Param('id', CaseIdPipe) id: string,
    @Query() { purpose }: ReadComplainantRequestDto,
    @Caller() caller: RequestContext,
  ): Promise<ComplainantIdentityAnswer> {
    return this.commandBus.execute(new ReadComplainantIdentity(id, purpose, caller));
  }
}
