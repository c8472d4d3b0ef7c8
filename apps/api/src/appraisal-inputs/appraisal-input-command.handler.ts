import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { appraisalInputsDecider, appraisalStreamId, type AppraisalInputsCommand } from '@app/domain';
import { decideAndAppend, EVENT_STORE, type EventStore } from '@app/event-store';
import { CLOCK, type Clock } from '@app/platform';
import type { CommandConditions } from '../common/command-conditions';
import { asCaller, commandResult, type CallerCommand, type CommandResult } from '../common/command-message';
import type { RequestContext } from '../common/request-context';
import { UnitDirectory } from '../units/unit-directory';

/** What a caller records: an appraisal-input command; the unit's kind is the registry's, the handler looks it up. */
export type AppraisalInputRequest = CallerCommand<AppraisalInputsCommand, 'unitKind'>;

/** One appraisal input (评议/考核) of a unit for a year, with its conditions (If-Match, Idempotency-Key). */
export class AppraisalInputCommandMessage extends Command<CommandResult> {
  constructor(
    readonly request: AppraisalInputRequest,
    readonly caller: RequestContext,
    readonly conditions: CommandConditions = {},
  ) {
    super();
  }
}

/**
 * Records appraisal inputs on `appraisal-<unit>-<year>`: stamps now, gives the decider the unit's
 * kind (which inputs apply to it; an unknown or retired unit is refused here), then loads the
 * stream, decides and appends as the caller.
 */
@CommandHandler(AppraisalInputCommandMessage)
export class AppraisalInputCommandHandler implements ICommandHandler<AppraisalInputCommandMessage, CommandResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly units: UnitDirectory,
  ) {}

  async execute({ request, caller, conditions }: AppraisalInputCommandMessage): Promise<CommandResult> {
    const at = this.clock.now().toISOString();
    const unit = await this.units.requireActive(request.unitId, 'unitId');
    const command = { ...request, at, unitKind: unit.kind };
    const result = await decideAndAppend(
      this.store,
      appraisalStreamId(request.unitId, request.year),
      appraisalInputsDecider,
      command,
      asCaller(caller, at, conditions),
    );
    return commandResult(result);
  }
}
