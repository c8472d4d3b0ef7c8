import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DomainError,
  UnitErrors,
  unitDecider,
  unitStreamId,
  type RegisterUnit,
  type RenameUnit,
  type RetireUnit,
  type UnitCommand,
} from '@app/domain';
import { OpenCases } from '../case-list/open-cases';
import { SentCommand, type CallerCommand, type CommandResult } from '../common/command-message';
import type { CommandSender } from '../common/command-sender';
import { CommandWriter } from '../common/command-writer';
import { UnitDirectory } from './unit-directory';
import { UnitChildren } from './unit-children';

/**
 * What a caller asks of the registry: a unit command; registering names the parent, retiring gives
 * a reason, and the handler looks up what the decider needs to know (the parent; what the unit holds).
 */
export type UnitRequest =
  (CallerCommand<RegisterUnit, 'parent'> & { parentId: string | null }) | CallerCommand<RenameUnit> | CallerCommand<RetireUnit, 'holdings'>;

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
 * Registers, renames and retires units: tells the decider what it cannot read itself (it sees one
 * stream only): whether the intended parent exists and is retired; what a retiring unit still holds
 * (open cases it handles, active child units). Then the CommandWriter stamps now, loads the unit,
 * decides and appends as the sender.
 */
@CommandHandler(UnitCommandMessage)
export class UnitCommandHandler implements ICommandHandler<UnitCommandMessage, UnitCommandResult> {
  constructor(
    private readonly writer: CommandWriter,
    private readonly units: UnitDirectory,
    private readonly children: UnitChildren,
    private readonly openCases: OpenCases,
  ) {}

  async execute({ unitId, request, sender }: UnitCommandMessage): Promise<UnitCommandResult> {
    const command = await this.complete(unitId, request);
    return { id: unitId, ...(await this.writer.append(unitStreamId(unitId), unitDecider, command, sender)) };
  }

  private async complete(unitId: string, request: UnitRequest): Promise<CallerCommand<UnitCommand>> {
    switch (request.type) {
      case 'RegisterUnit': {
        const { parentId, ...unit } = request;
        return { ...unit, parent: await this.units.parentFacts(parentId) };
      }
      case 'RetireUnit': {
        // An unknown unit is 404 whatever it would hold: not after waiting on the case list (a 503 while it catches up).
        if (!(await this.units.get(unitId))) throw new DomainError(UnitErrors.UNIT_NOT_FOUND, 'The unit is not registered');
        const [activeChildren, openCases] = await Promise.all([this.children.activeUnder(unitId), this.openCases.heldBy(unitId)]);
        return { ...request, holdings: { activeChildren, openCases } };
      }
      default:
        return request;
    }
  }
}
