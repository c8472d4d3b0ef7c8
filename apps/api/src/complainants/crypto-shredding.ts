import type { Logger } from '@nestjs/common';
import { DomainError } from '@app/domain';
import type { AppendTransaction, DomainEvent, StreamDecider } from '@app/event-store';
import type { CallerCommand, CommandResult } from '../common/command-message';
import type { CommandSender } from '../common/command-sender';
import type { CommandWriter } from '../common/command-writer';

/** What an erasure deletes, and how it knows it was recorded before. */
export interface Shredding {
  /** Deletes the person's data key, in the append's transaction when there is one; whether one was deleted. */
  deleteKey(transaction?: AppendTransaction): Promise<boolean>;
  /** The decider's code for an erasure recorded already (COMPLAINANT_ALREADY_ERASED, RAISER_ALREADY_ERASED). */
  alreadyErased: string;
  /** The warning logged when a key outlived its erasure event: ids only, never the person. */
  outlived: string;
  logger: Logger;
}

/**
 * Crypto-shredding recorded (docs/rules.md#erasure-by-crypto-shredding): the decider records the
 * erasure, and the person's data key is deleted with it — in the same transaction on PostgreSQL,
 * right after the append on KurrentDB. The sealed row stays and can never be opened again; the
 * stream and its history stay as they were. A complainant's and a finding's raiser alike.
 */
export async function appendErasure<C extends { at: string }, E extends DomainEvent, S>(
  writer: CommandWriter,
  streamId: string,
  decider: StreamDecider<C, E, S>,
  command: CallerCommand<C>,
  sender: CommandSender,
  shredding: Shredding,
): Promise<CommandResult> {
  try {
    return await writer.append(streamId, decider, command, sender, {
      alongside: async (transaction) => {
        await shredding.deleteKey(transaction ?? undefined);
      },
    });
  } catch (error) {
    // Recorded already: make sure the key is gone too (on KurrentDB a crash may have come between).
    if (error instanceof DomainError && error.code === shredding.alreadyErased && (await shredding.deleteKey())) {
      shredding.logger.warn(shredding.outlived);
    }
    throw error;
  }
}
