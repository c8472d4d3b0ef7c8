import { Inject } from '@nestjs/common';
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
import { EVENT_STORE, loadAggregate, StreamMoved, WrongExpectedVersion, type EventStore, type StreamVersion } from '@app/event-store';
import type { Pool } from 'pg';
import { CLOCK, PG_POOL, type Clock } from '@app/platform';
import { ReadModelNotReady } from '@app/projections';
import { OpenCases } from '../case-list/open-cases';
import { committedLogSettled } from '../common/committed-log';
import { SentCommand, type CallerCommand, type CommandResult } from '../common/command-message';
import type { CommandSender } from '../common/command-sender';
import { CommandWriter } from '../common/command-writer';
import { ConfigurationReading } from '../common/configuration-reading';
import { eventIdsFor } from '../common/idempotency/idempotent-ids';
import { UnitDirectory } from './unit-directory';
import { UnitChildren } from './unit-children';
import { UnitFindings } from './unit-findings';
import { holdingEvents } from './unit-holdings';
import { UnitNames, type NameLookUp } from './unit-names';

/**
 * What a caller asks of the registry: a unit command; registering names the parent, retiring gives
 * a reason, and the handler looks up what the decider needs to know (the parent; whether another
 * active unit bears the name; what the unit holds).
 */
export type UnitRequest =
  | (CallerCommand<RegisterUnit, 'parent' | 'nameTakenBy'> & { parentId: string | null })
  | CallerCommand<RenameUnit, 'nameTakenBy'>
  | CallerCommand<RetireUnit, 'holdings'>;

type NamingRequest = Exclude<UnitRequest, { type: 'RetireUnit' }>;

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

/** Registrations or renames of one name at once that meet before one of them is recorded: decided again so often, then 409. */
const NAMING_ATTEMPTS = 4;

/** A retirement whose unit was given work between its look-up and its append is looked up again so often, then 409. */
const RETIRE_ATTEMPTS = 3;

/** How long a retirement waits for the transactions running when it began (then 503, retry shortly). */
const SETTLE_TIMEOUT_MS = 5_000;

/**
 * Registers, renames and retires units: tells the decider what it cannot read itself (it sees one
 * stream only): whether the intended parent exists and is retired; whether another active unit bears
 * the name (UnitNames); what a retiring unit still holds (open cases it handles, open findings it
 * answers for, active child units). Then the CommandWriter stamps now, loads the unit, decides and
 * appends as the sender.
 */
@CommandHandler(UnitCommandMessage)
export class UnitCommandHandler implements ICommandHandler<UnitCommandMessage, UnitCommandResult> {
  constructor(
    private readonly writer: CommandWriter,
    private readonly units: UnitDirectory,
    private readonly children: UnitChildren,
    private readonly openCases: OpenCases,
    private readonly findings: UnitFindings,
    private readonly names: UnitNames,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ unitId, request, sender }: UnitCommandMessage): Promise<UnitCommandResult> {
    if (request.type !== 'RetireUnit') return this.named(unitId, request, sender);
    // An unknown unit is 404 whatever it would hold: not after waiting on the case list (a 503 while it catches up).
    if (!(await this.units.get(unitId))) throw new DomainError(UnitErrors.UNIT_NOT_FOUND, 'The unit is not registered');
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.retire(unitId, request, sender);
      } catch (error) {
        if (!(error instanceof StreamMoved) || attempt >= RETIRE_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Retiring: what the unit holds is read from the log (and the case list caught up with it) once
   * it has settled, through a position taken first; the retirement is appended only if no event
   * giving the unit work came after that position (holdingEvents, AppendOptions.decidedOnLog).
   * One that did (a finding raised against it a moment ago) has the retirement looked up and
   * decided again, and so refused for what it now holds.
   */
  private async retire(unitId: string, request: CallerCommand<RetireUnit, 'holdings'>, sender: CommandSender): Promise<UnitCommandResult> {
    const position = await this.settledHead();
    const [activeChildren, openCases, openFindings] = await Promise.all([
      this.children.activeUnder(unitId),
      this.openCases.heldBy(unitId),
      this.findings.openFor(unitId),
    ]);
    const command = { ...request, holdings: { activeChildren, openCases, openFindings } };
    const decidedOnLog = { position, absent: holdingEvents(unitId) };
    return { id: unitId, ...(await this.writer.append(unitStreamId(unitId), unitDecider, command, sender, { decidedOnLog })) };
  }

  /** The global log's last position once every transaction running now has ended: every event up to it is readable. */
  private async settledHead(): Promise<bigint> {
    if (!(await committedLogSettled(this.pool, SETTLE_TIMEOUT_MS)))
      throw new ReadModelNotReady('unit registry', 'has not reached that position yet');
    return (await this.store.head())?.position ?? 0n;
  }

  /**
   * Registering or renaming: the name's stream is read and the registry asked who bears the name;
   * the command is decided on the unit as it stands, so a refusal writes nothing, not even a claim;
   * then the claim goes to the name's stream, and the unit's event is appended only if the name's
   * stream is still at the claim (UnitNames). A registration or rename of the same name in between
   * has the command looked up and decided again.
   */
  private async named(unitId: string, request: NamingRequest, sender: CommandSender): Promise<UnitCommandResult> {
    for (let attempt = 1; ; attempt++) {
      const look = await this.names.lookUp(request.name, unitId);
      // The parent, as read, is confirmed by the append: one retired meanwhile has the registration decided again.
      const configuration = ConfigurationReading.checked();
      const command = await this.complete(request, look, configuration);
      try {
        const claimed = (await this.recordsEvents(unitId, command, sender)) ? await this.claim(look, unitId, sender) : null;
        const decidedOn = claimed ? [claimed] : undefined;
        const options = { decidedOn, configuration };
        return { id: unitId, ...(await this.writer.append(unitStreamId(unitId), unitDecider, command, sender, options)) };
      } catch (error) {
        if (!(error instanceof StreamMoved) || attempt >= NAMING_ATTEMPTS) throw error;
      }
    }
  }

  private async complete(
    request: NamingRequest,
    look: NameLookUp,
    configuration: ConfigurationReading,
  ): Promise<CallerCommand<RegisterUnit | RenameUnit>> {
    if (request.type === 'RenameUnit') return { ...request, nameTakenBy: look.takenBy };
    const { parentId, ...unit } = request;
    return { ...unit, parent: await this.units.parentFacts(parentId, configuration), nameTakenBy: look.takenBy };
  }

  /**
   * Whether the command, decided on the unit as it stands now, records something new: its refusal is
   * thrown (nothing is written), as is an If-Match the unit is not at (404 for a unit that does not
   * exist, as the writer answers it); a retry whose first attempt was recorded (Idempotency-Key)
   * records nothing new, and the writer answers it.
   */
  private async recordsEvents(unitId: string, command: CallerCommand<UnitCommand>, sender: CommandSender): Promise<boolean> {
    const streamId = unitStreamId(unitId);
    const loaded = await loadAggregate(this.store, streamId, unitDecider);
    const { expectedVersion, idempotencyKey } = sender.conditions;
    const firstId = eventIdsFor(sender.caller, idempotencyKey)?.(0);
    if (firstId !== undefined && loaded.envelopes.some((e) => e.eventId === firstId)) return false;
    const decision = unitDecider.decide({ ...command, at: this.clock.now().toISOString() } as UnitCommand, loaded.state);
    if (expectedVersion !== undefined && expectedVersion !== loaded.version) {
      throw loaded.version === 0 && decision instanceof Error
        ? decision
        : new WrongExpectedVersion(streamId, expectedVersion, loaded.version);
    }
    if (decision instanceof Error) throw decision;
    return decision.length > 0;
  }

  /** The name's claim; another claim that got in first (its stream moved) is told as StreamMoved, for the command to be looked up again. */
  private async claim(look: NameLookUp, unitId: string, sender: CommandSender): Promise<StreamVersion> {
    try {
      return await this.names.claim(look, unitId, sender.caller, this.clock.now().toISOString());
    } catch (error) {
      if (error instanceof WrongExpectedVersion) throw new StreamMoved(error.streamId, look.stream.version, error.actual);
      throw error;
    }
  }
}
