import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { unitDecider, unitStreamId, type RegisterUnit, type RenameUnit, type RetireUnit, type UnitCommand } from '@app/domain';
import { SentCommand, type CallerCommand, type CommandResult } from '../common/command-message';
import type { CommandSender } from '../common/command-sender';
import { CommandWriter } from '../common/command-writer';
import { UnitDirectory } from './unit-directory';

/** What a caller asks of the registry: a unit command; registering names the parent, the handler looks it up. */
export type UnitRequest = (CallerCommand<RegisterUnit, 'parent'> & { parentId: string | null }) | CallerCommand<RenameUnit | RetireUnit>;

export interface UnitCommandResult extends CommandResult {
  id: string;
}

/** A caller's change to one unit of the registry (单位名录), with its conditions (If-Match, Idempotency-Key). */
export class UnitCommandMessage extends SentCommand<UnitRequest, UnitCommandResult> {
  constructor(
    readonly unitId: string,
    request: UnitRequest,
    sender: CommandSender,
  ) {
    super(request, sender);
  }
}

/**
 * Registers, renames and retires units: tells the decider what it cannot read itself (whether the
 * intended parent exists and is retired: it sees one stream only), then the CommandWriter stamps
 * now, loads the unit, decides and appends as the sender.
 */
@CommandHandler(UnitCommandMessage)
export class UnitCommandHandler implements ICommandHandler<UnitCommandMessage, UnitCommandResult> {
  constructor(
    private readonly writer: CommandWriter,
    private readonly units: UnitDirectory,
  ) {}

  async execute({ unitId, request, sender }: UnitCommandMessage): Promise<UnitCommandResult> {
    const command = await this.complete(request);
    return { id: unitId, ...(await this.writer.append(unitStreamId(unitId), unitDecider, command, sender)) };
  }

  private async complete(request: UnitRequest): Promise<CallerCommand<UnitCommand>> {
    if (request.type !== 'RegisterUnit') return request;
    const { parentId, ...unit } = request;
    return { ...unit, parent: await this.units.parentFacts(parentId) };
  }
}
