import { Command } from '@nestjs/cqrs';
import type { CaseCommand } from '@app/domain';
import type { CommandConditions } from '../common/command-conditions';
import type { RequestContext } from '../common/request-context';
import type { CommandResult } from '../common/run-command';

/** What every case command answers: the case, its new stream version and the global position. */
export interface CaseCommandResult extends CommandResult {
  id: string;
}

/** Any command on a case, with who sent it and its conditions (If-Match, Idempotency-Key). */
export class ExecuteCaseCommand extends Command<CaseCommandResult> {
  constructor(
    readonly caseId: string,
    readonly command: CaseCommand,
    readonly caller: RequestContext,
    readonly conditions: CommandConditions = {},
  ) {
    super();
  }
}
