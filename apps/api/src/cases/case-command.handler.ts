import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  caseDecider,
  caseStreamId,
  type CaseCommand,
  type FileComplaint,
  type IssueAccountability,
  type MarkDeadlinePassed,
} from '@app/domain';
import { decideAndAppend, EVENT_STORE, type EventStore } from '@app/event-store';
import { CLOCK, type Clock } from '@app/platform';
import { DeadlineRulesProvider } from '../admin/deadline-rules.provider';
import type { CommandConditions } from '../common/command-conditions';
import { asCaller, commandResult, type CallerCommand, type CommandResult } from '../common/command-message';
import { newIdFor } from '../common/idempotency/idempotent-ids';
import type { RequestContext } from '../common/request-context';
import { ComplainantStore, type ComplainantIdentity } from '../complainants/complainant.store';
import { UnitDirectory } from '../units/unit-directory';

/** The complainant as the caller gives them: who they are, unless anonymous. */
export type ComplainantGiven = { anonymous: boolean } & Partial<ComplainantIdentity>;

/**
 * What a caller asks of a case: a case command without what this handler adds. Filing names no case
 * id (the handler picks it) and gives the complainant's identity, which is kept apart from the case;
 * an accountability's id is the handler's too. The scheduler's MarkDeadlinePassed is not a caller's.
 */
export type CaseRequest =
  | (CallerCommand<FileComplaint, 'caseId' | 'rules' | 'complainant'> & { complainant: ComplainantGiven })
  | CallerCommand<IssueAccountability, 'accountabilityId'>
  | CallerCommand<Exclude<CaseCommand, FileComplaint | IssueAccountability | MarkDeadlinePassed>, 'rules'>;

/** What every case command answers: the case, its new stream version and the global position. */
export interface CaseCommandResult extends CommandResult {
  id: string;
}

/** A caller's command on a case, with its conditions (If-Match, Idempotency-Key). */
export class CaseCommandMessage extends Command<CaseCommandResult> {
  constructor(
    /** The case acted on; null when filing, which creates the case. */
    readonly caseId: string | null,
    readonly request: CaseRequest,
    readonly caller: RequestContext,
    readonly conditions: CommandConditions = {},
  ) {
    super();
  }
}

/**
 * Every caller's command on a case (案件). The rules are the decider's; this handler adds what the
 * decider cannot look up itself — now, the deadline rules in force, whether the units named exist
 * and are active, where the complainant's identity is kept, new ids — then loads the case, decides
 * and appends as the caller: If-Match is the version expected, an Idempotency-Key makes the ids.
 */
@CommandHandler(CaseCommandMessage)
export class CaseCommandHandler implements ICommandHandler<CaseCommandMessage, CaseCommandResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly rules: DeadlineRulesProvider,
    private readonly units: UnitDirectory,
    private readonly complainants: ComplainantStore,
  ) {}

  async execute({ caseId, request, caller, conditions }: CaseCommandMessage): Promise<CaseCommandResult> {
    const at = this.clock.now().toISOString();
    const id = caseId ?? newIdFor('case', caller, conditions.idempotencyKey);
    const command = await this.complete(id, request, at, caller, conditions);
    const result = await decideAndAppend(this.store, caseStreamId(id), caseDecider, command, asCaller(caller, at, conditions));
    return { id, ...commandResult(result) };
  }

  /** The request as a domain command. A unit not registered or retired is refused here, naming the request field. */
  private async complete(
    caseId: string,
    request: CaseRequest,
    at: string,
    caller: RequestContext,
    conditions: CommandConditions,
  ): Promise<CaseCommand> {
    switch (request.type) {
      case 'FileComplaint': {
        await this.units.requireActive(request.complainedUnitId, 'complainedUnitId');
        const { complainant, ...complaint } = request;
        const { anonymous, name, phone, enterprise } = complainant;
        const ref = anonymous ? null : await this.complainants.save(caseId, { name: name!, phone: phone!, enterprise: enterprise ?? null });
        return { caseId, ...complaint, at, complainant: { ref, anonymous }, rules: await this.rules.current() };
      }
      case 'NotifyUnit':
        await this.units.requireActive(request.unitId, 'unitId');
        return { ...request, at, rules: await this.rules.current() };
      case 'TransferCase':
        await this.units.requireActive(request.toUnitId, 'toUnitId');
        return { ...request, at, rules: await this.rules.current() };
      case 'DecideExtension':
      case 'ReopenCase':
        return { ...request, at, rules: await this.rules.current() };
      case 'PlanRectification':
        for (const [i, m] of request.measures.entries())
          await this.units.requireActive(m.responsibleUnitId, `measures[${i}].responsibleUnitId`);
        return { ...request, at };
      case 'IssueAccountability':
        await this.units.requireActive(request.target.unitId, 'target.unitId');
        return { ...request, at, accountabilityId: newIdFor('accountability', caller, conditions.idempotencyKey) };
      default:
        return { ...request, at };
    }
  }
}
