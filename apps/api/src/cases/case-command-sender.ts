import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CaseCommand } from '@app/domain';
import { CLOCK, type Clock } from '@app/platform';
import type { CommandConditions } from '../common/command-conditions';
import type { RequestContext } from '../common/request-context';
import { ExecuteCaseCommand, type CaseCommandResult } from './execute-case-command';

/** Distributes Omit over the union, so each command keeps its own fields. */
export type WithoutAt<T> = T extends unknown ? Omit<T, 'at'> : never;

/** Stamps a case command with the clock's "now" and sends it through the CommandBus. */
@Injectable()
export class CaseCommandSender {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  send(caseId: string, command: WithoutAt<CaseCommand>, caller: RequestContext, conditions: CommandConditions): Promise<CaseCommandResult> {
    const full = { ...command, at: this.clock.now().toISOString() } as CaseCommand;
    return this.commandBus.execute(new ExecuteCaseCommand(caseId, full, caller, conditions));
  }
}
