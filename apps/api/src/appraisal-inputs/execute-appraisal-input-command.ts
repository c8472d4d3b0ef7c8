import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appraisalInputsDecider, appraisalStreamId, type AppraisalInputsCommand } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import type { CommandConditions } from '../common/command-conditions';
import type { RequestContext } from '../common/request-context';
import { runCommand, type CommandResult } from '../common/run-command';

/** Records one appraisal input (评议/考核) of a unit for a year, on stream `appraisal-<unit>-<year>`. */
export class ExecuteAppraisalInputCommand extends Command<CommandResult> {
  constructor(
    readonly command: AppraisalInputsCommand,
    readonly caller: RequestContext,
    readonly conditions: CommandConditions = {},
  ) {
    super();
  }
}

@CommandHandler(ExecuteAppraisalInputCommand)
export class ExecuteAppraisalInputCommandHandler implements ICommandHandler<ExecuteAppraisalInputCommand, CommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ command, caller, conditions }: ExecuteAppraisalInputCommand): Promise<CommandResult> {
    const streamId = appraisalStreamId(command.unitId, command.year);
    return runCommand(this.store, streamId, appraisalInputsDecider, command, caller, conditions);
  }
}
