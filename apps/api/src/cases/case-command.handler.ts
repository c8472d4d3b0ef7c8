import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  activeLead,
  caseDecider,
  caseStreamId,
  requireKnownTo,
  type CaseCommand,
  type EraseComplainantIdentity,
  type FileComplaint,
  type IssueAccountability,
  type MarkDeadlinePassed,
  type MarkMeasureDeadlinePassed,
  type ReopenClosedCase,
} from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventStore } from '@app/event-store';
import { DeadlineRulesProvider } from '../admin/deadline-rules.provider';
import { SentCommand, type CallerCommand, type CommandResult } from '../common/command-message';
import type { CommandSender } from '../common/command-sender';
import { CommandWriter } from '../common/command-writer';
import { onHeldConfiguration, type ConfigurationReading } from '../common/configuration-reading';
import { newIdFor } from '../common/idempotency/idempotent-ids';
import { unlessHidden } from '../common/unit-visibility';
import { ComplainantFiling, type ComplainantGiven } from '../complainants/complainant-filing';
import { UnitDirectory } from '../units/unit-directory';

/**
 * What a caller asks of a case: a case command without what this handler adds. Filing names no case
 * id (the handler picks it) and gives the complainant's identity, which is kept apart from the case;
 * an accountability's id is the handler's too, and so is whether a look-back's lead unit is retired.
 * The scheduler's MarkDeadlinePassed and MarkMeasureDeadlinePassed are not a caller's.
 */
export type CaseRequest =
  | (CallerCommand<FileComplaint, 'caseId' | 'rules' | 'complainant'> & { complainant: ComplainantGiven })
  | CallerCommand<IssueAccountability, 'accountabilityId'>
  | CallerCommand<ReopenClosedCase, 'rules' | 'retiredUnitIds'>
  | CallerCommand<
      Exclude<
        CaseCommand,
        FileComplaint | IssueAccountability | MarkDeadlinePassed | MarkMeasureDeadlinePassed | EraseComplainantIdentity | ReopenClosedCase
      >,
      'rules'
    >;

/** What every case command answers: the case, its new stream version and the global position. */
export interface CaseCommandResult extends CommandResult {
  id: string;
  /**
   * Filing only: the complainant's query code (查询码), shown to intake this once to give to the
   * complainant; only its hash is kept. Null when the filing was a retry found already recorded.
   */
  queryCode?: string | null;
}

/** A caller's command on a case, with its conditions (If-Match, Idempotency-Key). */
export class CaseCommandMessage extends SentCommand<CaseRequest, CaseCommandResult> {
  constructor(
    /** The case acted on; null when filing, which creates the case. */
    readonly caseId: string | null,
    request: CaseRequest,
    sender: CommandSender,
  ) {
    super(request, sender);
  }
}

/**
 * Every caller's command on a case (案件). The rules are the decider's; this handler adds what the
 * decider cannot look up itself — the deadline rules in force, whether the units named exist and
 * are active, where the complainant's identity is kept, new ids — then the CommandWriter stamps now,
 * loads the case, decides and appends as the sender (If-Match, Idempotency-Key).
 */
@CommandHandler(CaseCommandMessage)
export class CaseCommandHandler implements ICommandHandler<CaseCommandMessage, CaseCommandResult> {
  constructor(
    private readonly writer: CommandWriter,
    private readonly rules: DeadlineRulesProvider,
    private readonly units: UnitDirectory,
    private readonly complainants: ComplainantFiling,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ caseId, request, sender }: CaseCommandMessage): Promise<CaseCommandResult> {
    const id = caseId ?? newIdFor('case', sender);
    // The units and rules as held, confirmed by the append (tried again on them checked if need be).
    if (request.type === 'FileComplaint') return onHeldConfiguration((configuration) => this.file(id, request, sender, configuration));
    try {
      return await onHeldConfiguration(async (configuration) => {
        // Completed (units, rules looked up) while the writer reads the case, if it must: one round trip's time for both.
        const command = this.complete(id, request, configuration, sender);
        return { id, ...(await this.writer.append(caseStreamId(id), caseDecider, command, sender, { configuration })) };
      });
    } catch (error) {
      throw await unlessHidden(
        error,
        { store: this.store, streamId: caseStreamId(id), decider: caseDecider, knownTo: requireKnownTo },
        sender,
      );
    }
  }

  /**
   * Filing: the complainant's identity is sealed and a query code made before deciding, then both
   * are written with ComplaintFiled or not at all (docs/rules.md#complainant-confidentiality): a
   * refused filing leaves nothing behind. A retry that finds its filing recorded writes nothing and
   * has no code to show. The unit and the rules as held are confirmed by the append; a new case's
   * stream is not read (there is none), unless an Idempotency-Key named it and a retry may find it there.
   */
  private async file(
    caseId: string,
    request: Extract<CaseRequest, { type: 'FileComplaint' }>,
    sender: CommandSender,
    configuration: ConfigurationReading,
  ) {
    const [, rules] = await Promise.all([
      this.units.requireActive(request.complainedUnitId, 'complainedUnitId', configuration),
      this.rules.current({ reading: configuration }),
    ]);
    const { complainant, ...complaint } = request;
    const prepared = this.complainants.prepare(caseId, complainant);
    const command = { caseId, ...complaint, complainant: { ref: prepared.ref, anonymous: complainant.anonymous }, rules };
    const result = await this.writer.append(caseStreamId(caseId), caseDecider, command, sender, {
      newStream: sender.conditions.idempotencyKey === undefined,
      ...prepared.rows,
      configuration,
    });
    return { id: caseId, ...result, queryCode: prepared.written ? prepared.queryCode : null };
  }

  /**
   * The request as a domain command but for `at`. A unit not registered or retired is refused here,
   * naming the request field. The units and the rules a command needs are read as `configuration`
   * says: as held (the append confirms them), or checked against the log, together in one round trip
   * (ConfigurationStreams).
   */
  private async complete(
    caseId: string,
    request: Exclude<CaseRequest, { type: 'FileComplaint' }>,
    configuration: ConfigurationReading,
    sender: CommandSender,
  ): Promise<CallerCommand<CaseCommand>> {
    const rules = () => this.rules.current({ reading: configuration });
    switch (request.type) {
      case 'NotifyUnit': {
        const [, current] = await Promise.all([this.units.requireActive(request.unitId, 'unitId', configuration), rules()]);
        return { ...request, rules: current };
      }
      case 'TransferCase': {
        const [, current] = await Promise.all([this.units.requireActive(request.toUnitId, 'toUnitId', configuration), rules()]);
        return { ...request, rules: current };
      }
      case 'DecideExtension':
      case 'ReopenCase':
        return { ...request, rules: await rules() };
      case 'ReopenClosedCase': {
        // A look-back gives the lead the case again: the lead (read from the case here: a look-back is
        // rare) must not have been retired since it closed, and its append confirms the unit at the
        // version read, so a retirement in the same instant is either seen here or refused for it.
        const [lead, current] = await Promise.all([this.leadOf(caseId, configuration), rules()]);
        return { ...request, rules: current, retiredUnitIds: lead?.status === 'retired' ? [lead.unitId] : [] };
      }
      case 'PlanRectification':
        await this.units.requireAllActive(
          request.measures.map((m, i) => ({ unitId: m.responsibleUnitId, field: `measures[${i}].responsibleUnitId` })),
          configuration,
        );
        return request;
      case 'IssueAccountability':
        await this.units.requireActive(request.target.unitId, 'target.unitId', configuration);
        return { ...request, accountabilityId: newIdFor('accountability', sender) };
      default:
        return request;
    }
  }

  /** The case's lead unit as the registry has it (null: no case, or no active lead), read as `configuration` says. */
  private async leadOf(caseId: string, configuration: ConfigurationReading) {
    const { state } = await loadAggregate(this.store, caseStreamId(caseId), caseDecider);
    const lead = activeLead(state);
    return lead ? this.units.get(lead.unitId, configuration) : null;
  }
}
