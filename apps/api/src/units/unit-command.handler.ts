import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { unitDecider, unitStreamId, type RegisterUnit, type RenameUnit, type RetireUnit, type UnitCommand } from '@app/domain';
import { decideAndAppend, EVENT_STORE, type EventStore } from '@app/event-store';
import { CLOCK, type Clock } from '@app/platform';
import type { CommandConditions } from '../common/command-conditions';
import { asCaller, commandResult, type CallerCommand, type CommandResult } from '../common/command-message';
import type { RequestContext } from '../common/request-context';
import { UnitDirectory } from './unit-directory';

/** What a caller asks of the registry: a unit command; registering names the parent, the handler looks it up. */
export type UnitRequest = (CallerCommand<RegisterUnit, 'parent'> & { parentId: string | null }) | CallerCommand<RenameUnit | RetireUnit>;

export interface UnitCommandResult extends CommandResult {
  id: string;
}

/** A caller's change to one unit of the registry (单位名录), with its conditions (If-Match, Idempotency-Key). */
export class UnitCommandMessage extends Command<UnitCommandResult> {
  constructor(
    readonly unitId: string,
    readonly request: UnitRequest,
    readonly caller: RequestContext,
    readonly conditions: CommandConditions = {},
  ) {
    super();
  }
}

/**
 * Registers, renames and retires units: stamps now, tells the decider what it cannot read itself
 * (whether the intended parent exists and is retired: it sees one stream only), then loads the
 * unit, decides and appends as the caller.
 */
@CommandHandler(UnitCommandMessage)
export class UnitCommandHandler implements ICommandHandler<UnitCommandMessage, UnitCommandResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly units: UnitDirectory,
  ) {}

  async execute({ unitId, request, caller, conditions }: UnitCommandMessage): Promise<UnitCommandResult> {
    const at = this.clock.now().toISOString();
    const command = await this.complete(request, at);
    const result = await decideAndAppend(this.store, unitStreamId(unitId), unitDecider, command, asCaller(caller, at, conditions));
    return { id: unitId, ...commandResult(result) };
  }

  private async complete(request: UnitRequest, at: string): Promise<UnitCommand> {
    if (request.type !== 'RegisterUnit') return { ...request, at };
    const { parentId, ...unit } = request;
    return { ...unit, at, parent: await this.units.parentFacts(parentId) };
  }
}
