import { Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { caseDecider, CaseErrors, caseStreamId, DomainError, type ErasureReason } from '@app/domain';
import type { CommandSender } from '../common/command-sender';
import { CommandWriter } from '../common/command-writer';
import type { CaseCommandResult } from '../cases/case-command.handler';
import { ComplainantIdentityStore } from './complainant-identity.store';

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
 * ComplainantIdentityErased, and the complainant's data key is deleted with it — in the same
 * transaction on PostgreSQL, right after the append on KurrentDB. The sealed identity stays and can
 * never be opened again; the case and its history stay as they were.
 */
@CommandHandler(EraseComplainantIdentityMessage)
export class EraseComplainantIdentityHandler implements ICommandHandler<EraseComplainantIdentityMessage, CaseCommandResult> {
  private readonly logger = new Logger(EraseComplainantIdentityHandler.name);

  constructor(
    private readonly writer: CommandWriter,
    private readonly identities: ComplainantIdentityStore,
  ) {}

  async execute({ caseId, reason, sender }: EraseComplainantIdentityMessage): Promise<CaseCommandResult> {
    try {
      const command = { type: 'EraseComplainantIdentity' as const, reason };
      const result = await this.writer.append(caseStreamId(caseId), caseDecider, command, sender, {
        alongside: async (transaction) => {
          await this.identities.deleteKey(caseId, transaction ?? undefined);
        },
      });
      return { id: caseId, ...result };
    } catch (error) {
      // Recorded already: make sure the key is gone too (on KurrentDB a crash may have come between).
      if (
        error instanceof DomainError &&
        error.code === CaseErrors.COMPLAINANT_ALREADY_ERASED &&
        (await this.identities.deleteKey(caseId))
      ) {
        this.logger.warn(`Case ${caseId}: the complainant's data key outlived its erasure event; deleted now`);
      }
      throw error;
    }
  }
}
