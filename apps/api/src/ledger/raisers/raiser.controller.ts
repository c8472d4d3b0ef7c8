import { Get, Param, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { FindingErrors } from '@app/domain';
import { Answers, Problems } from '../../common/api-contract';
import { Caller, type RequestContext } from '../../common/request-context';
import { ReadRoutes } from '../../common/routes.decorator';
import { UuidPipe } from '../../common/uuid.pipe';
import { ReadComplainantRequestDto } from '../../complainants/complainant.request.dto';
import { COMPLAINANT_KEY_UNAVAILABLE } from '../../complainants/master-key-unavailable';
import { ReadRaiserIdentity, type RaiserIdentityAnswer } from './read-raiser-identity.handler';
import { RAISER_IDENTITY } from './raiser.responses';

/**
 * Who raised a finding, decrypted, for intake (the campaign office) and the discipline office, as a
 * complainant is: never a unit, a dashboard or the admin. Each read is recorded first
 * (RaiserIdentityRead), with its purpose.
 */
@ReadRoutes('api/v1/findings', 'ledger', 'intake', 'discipline')
export class RaiserController {
  constructor(private readonly commandBus: CommandBus) {}

  @Get(':id/raiser')
  @ApiOperation({
    summary: 'Who raised the finding (a person’s name and phone); every read is recorded with its purpose',
    description:
      'An enterprise or an office: `outcome: organisation`, its name is `raisedBy.ref`, no identity. Erased (crypto-shredded): ' +
      '200 with `erased: true`, `erasedAt`, no identity. The read is listed in the audit log as RaiserIdentityRead (discipline).',
  })
  @Answers({ status: 200, description: 'The person, or why there is none', schema: RAISER_IDENTITY })
  // 409: the finding moved under the read three times over (an erasure, a step): IdentityAccessLog.readAgain.
  @Problems({ 404: [FindingErrors.FINDING_NOT_FOUND], 409: ['CONCURRENT_MODIFICATION'], 503: [COMPLAINANT_KEY_UNAVAILABLE] })
  read(
    @Param('id', new UuidPipe('a finding id')) id: string,
    @Query() { purpose }: ReadComplainantRequestDto,
    @Caller() caller: RequestContext,
  ): Promise<RaiserIdentityAnswer> {
    return this.commandBus.execute(new ReadRaiserIdentity(id, purpose, caller));
  }
}
