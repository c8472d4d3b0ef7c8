import { Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { findingDecider, FindingErrors, findingStreamId, type ErasureReason } from '@app/domain';
import type { CommandSender } from '../../common/command-sender';
import { CommandWriter } from '../../common/command-writer';
import { appendErasure } from '../../complainants/crypto-shredding';
import type { FindingCommandResult } from '../findings/finding-command.handler';
import { PeopleStore } from '../people/people.store';

/** The admin erases the person who raised a finding (crypto-shredding), for a retention ended or a lawful request. */
export class EraseRaiserIdentityMessage extends Command<FindingCommandResult> {
  constructor(
    readonly findingId: string,
    readonly reason: ErasureReason,
    readonly sender: CommandSender,
  ) {
    super();
  }
}

/**
 * Crypto-shredding as a complainant's (docs/rules.md#who-raised-a-finding): the finding decider
 * records RaiserIdentityErased, and the person's data key is deleted with it (appendErasure). The
 * sealed person stays and can never be opened again; the finding, its reference and its measures
 * stay as they were.
 */
@CommandHandler(EraseRaiserIdentityMessage)
export class EraseRaiserIdentityHandler implements ICommandHandler<EraseRaiserIdentityMessage, FindingCommandResult> {
  private readonly logger = new Logger(EraseRaiserIdentityHandler.name);

  constructor(
    private readonly writer: CommandWriter,
    private readonly people: PeopleStore,
  ) {}

  async execute({ findingId, reason, sender }: EraseRaiserIdentityMessage): Promise<FindingCommandResult> {
    const command = { type: 'EraseRaiserIdentity' as const, reason };
    const result = await appendErasure(this.writer, findingStreamId(findingId), findingDecider, command, sender, {
      deleteKey: (transaction) => this.people.deleteKey(findingId, transaction),
      alreadyErased: FindingErrors.RAISER_ALREADY_ERASED,
      outlived: `Finding ${findingId}: the data key of the person who raised it outlived its erasure event; deleted now`,
      logger: this.logger,
    });
    return { id: findingId, ...result };
  }
}
