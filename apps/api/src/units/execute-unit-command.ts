import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { unitDecider, unitStreamId, type UnitCommand } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import type { CommandConditions } from '../common/command-conditions';
import type { RequestContext } from '../common/request-context';
import { runCommand, type CommandResult } from '../common/run-command';

export interface UnitCommandResult extends CommandResult {
  id: string;
}

/** A change to the unit registry: register, rename or retire one unit. */
export class ExecuteUnitCommand extends Command<UnitCommandResult> {
  constructor(
    readonly unitId: string,
    readonly command: UnitCommand,
    readonly caller: RequestContext,
    readonly conditions: CommandConditions = {},
  ) {
    super();
  }
}

@CommandHandler(ExecuteUnitCommand)
export class ExecuteUnitCommandHandler implements ICommandHandler<ExecuteUnitCommand, UnitCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ unitId, command, caller, conditions }: ExecuteUnitCommand): Promise<UnitCommandResult> {
    return { id: unitId, ...(await runCommand(this.store, unitStreamId(unitId), unitDecider, command, caller, conditions)) };
  }
}
