import { Body, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { CommandSender } from '../../common/command-sender';
import { Sender } from '../../common/command-sender';
import { CommandRoutes } from '../../common/routes.decorator';
import { UuidPipe } from '../../common/uuid.pipe';
import { EraseComplainantRequestDto } from '../../complainants/complainant.request.dto';
import type { FindingCommandResult } from '../findings/finding-command.handler';
import { FindingCommandRoute } from '../findings/finding.responses';
import { EraseRaiserIdentityMessage } from './erase-raiser-identity.handler';

/** Erasure of who raised a finding: the admin's, as a complainant's. */
@CommandRoutes('api/v1/findings', 'ledger')
export class RaiserCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  @FindingCommandRoute(':id/raiser/erase', 'admin')
  @ApiOperation({
    summary: 'Erase the person who raised the finding by crypto-shredding: their data key is deleted, the finding and its reference stay',
  })
  erase(
    @Param('id', new UuidPipe('a finding id')) id: string,
    @Body() dto: EraseComplainantRequestDto,
    @Sender() sender: CommandSender,
  ): Promise<FindingCommandResult> {
    return this.commandBus.execute(new EraseRaiserIdentityMessage(id, dto.reason, sender));
  }
}
