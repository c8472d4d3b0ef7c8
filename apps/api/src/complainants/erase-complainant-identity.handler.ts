import { Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { caseDecider, CaseErrors, caseStreamId, type ErasureReason } from '@app/domain';
import type { CommandSender } from '../common/command-sender';
import { CommandWriter } from '../common/command-writer';
import type { CaseCommandResult } from '../cases/case-command.handler';
import { ComplainantIdentityStore } from './complainant-identity.store';
import { appendErasure } from './crypto-shredding';

/** The admin erases a case's complainant (crypto-shredding), for a retention ended or a lawful request. */
export class EraseComplainantIdentityMessage extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly reason: ErasureReason,
    readonly sender: CommandSender,
  ) {
    super();
  }
}

/**
 * Crypto-shredding (docs/rules.md#complainant-confidentiality): the case decider records
 * ComplainantIdentityErased, and the complainant's data key is deleted with it (appendErasure). The
 * sealed identity stays and can never be opened again; the case and its history stay as they were.
 */
@CommandHandler(EraseComplainantIdentityMessage)
export class EraseComplainantIdentityHandler implements ICommandHandler<EraseComplainantIdentityMessage, CaseCommandResult> {
  private readonly logger = new Logger(EraseComplainantIdentityHandler.name);

  constructor(
    private readonly writer: CommandWriter,
    private readonly identities: ComplainantIdentityStore,
  ) {}

  async execute({ caseId, reason, sender }: EraseComplainantIdentityMessage): Promise<CaseCommandResult> {
    const command = { type: 'EraseComplainantIdentity' as const, reason };
    const result = await appendErasure(this.writer, caseStreamId(caseId), caseDecider, command, sender, {
      deleteKey: (transaction) => this.identities.deleteKey(caseId, transaction),
      alreadyErased: CaseErrors.COMPLAINANT_ALREADY_ERASED,
      outlived: `Case ${caseId}: the complainant's data key outlived its erasure event; deleted now`,
      logger: this.logger,
    });
    return { id: caseId, ...result };
  }
}
