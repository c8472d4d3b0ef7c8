import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  LEDGER_CONFIG_STREAM_ID,
  ledgerConfigurationVersion,
  ledgerPublicationDecider,
  type PublishLedgerConfiguration,
} from '@app/domain';
import type { PublicationResult } from '../../admin/admin.dto';
import { PublicationMessage } from '../../common/command-message';
import { CommandWriter } from '../../common/command-writer';
import { streamRevision } from '../../common/publication-revision';

/** An admin's publication of the ledger's configuration: the lists and the 回头看 interval, whole. */
export class PublishLedgerConfigurationMessage extends PublicationMessage<PublishLedgerConfiguration, PublicationResult> {}

/**
 * Publishes on `config-ledger`, as the time limits are published (a publication replaces the one in
 * force whole, with If-Match only over the revision the admin saw; the same again appends nothing). Each event is one revision, so
 * the revision in force is the stream's version.
 */
@CommandHandler(PublishLedgerConfigurationMessage)
export class PublishLedgerConfigurationHandler implements ICommandHandler<PublishLedgerConfigurationMessage, PublicationResult> {
  constructor(private readonly writer: CommandWriter) {}

  async execute({ request, caller, expectedRevision }: PublishLedgerConfigurationMessage): Promise<PublicationResult> {
    const condition = { expected: expectedRevision, revisionOf: streamRevision };
    const { version, position } = await this.writer.publish(LEDGER_CONFIG_STREAM_ID, ledgerPublicationDecider, request, caller, condition);
    return { version: ledgerConfigurationVersion(version), position: String(position), revision: version };
  }
}
