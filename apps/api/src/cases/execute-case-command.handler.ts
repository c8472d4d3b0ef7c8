import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { caseDecider, caseStreamId } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { runCommand } from '../common/run-command';
import { ExecuteCaseCommand, type CaseCommandResult } from './execute-case-command';

/** Every case command: load the case → decide → append (see runCommand for the conditions). */
@CommandHandler(ExecuteCaseCommand)
export class ExecuteCaseCommandHandler implements ICommandHandler<ExecuteCaseCommand, CaseCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ caseId, command, caller, conditions }: ExecuteCaseCommand): Promise<CaseCommandResult> {
    const result = await runCommand(this.store, caseStreamId(caseId), caseDecider, command, caller, conditions);
    return { id: caseId, ...result };
  }
}
