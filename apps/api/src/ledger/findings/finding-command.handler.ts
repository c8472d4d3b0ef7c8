import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  campaignDecider,
  campaignStreamId,
  caseStreamId,
  DomainError,
  findingDecider,
  findingStreamId,
  MeasureErrors,
  requireFindingKnownTo,
  UnitErrors,
  type CampaignFacts,
  type FindingCommand,
  type IssueFindingAccountability,
  type FindingSource,
  type MarkMeasureDeadlinePassed,
  type PlanMeasures,
  type RaiseFinding,
  type RecheckMeasure,
  type VerifyMeasure,
} from '@app/domain';
import { EVENT_STORE, loadAggregate, StreamMoved, type EventStore, type StreamVersion } from '@app/event-store';
import { CLOCK, type Clock } from '@app/platform';
import { DeadlineRulesProvider } from '../../admin/deadline-rules.provider';
import { SentCommand, type CallerCommand, type CommandResult } from '../../common/command-message';
import type { CommandSender } from '../../common/command-sender';
import { CommandWriter } from '../../common/command-writer';
import { ConfigurationReading } from '../../common/configuration-reading';
import { newIdFor } from '../../common/idempotency/idempotent-ids';
import { notFoundAtPath } from '../../common/path-not-found';
import { unitScopeOf } from '../../common/unit-scope';
import { unlessHidden, visibleTo } from '../../common/unit-visibility';
import { UnitDirectory } from '../../units/unit-directory';
import { LedgerConfigurationProvider } from '../configuration/ledger-configuration.provider';
import { PeopleStore, type RaiserGiven } from '../people/people.store';

/** A raise into a campaign, or against a unit, that moved between its read and the append is decided again, up to this many times in all. */
const RAISE_ATTEMPTS = 3;

/** A command naming units, one of which moved (was retired) between its read and the append: decided again, up to this many times in all. */
const UNITS_MOVED_ATTEMPTS = 2;

/**
 * What a caller asks of a finding: a finding command without what this handler adds — the new
 * finding's id, the ledger configuration and the calendar in force, the campaign's facts, the
 * reference to whoever raised it (the person given is kept in the people store). The scheduler's
 * MarkMeasureDeadlinePassed is not a caller's.
 */
export type FindingRequest =
  | (CallerCommand<RaiseFinding, 'findingId' | 'ledger' | 'campaign' | 'raisedBy' | 'raisedAt'> & {
      raisedBy: RaiserGiven;
      raisedAt: string | null;
    })
  | CallerCommand<PlanMeasures | VerifyMeasure, 'ledger' | 'calendar'>
  | CallerCommand<RecheckMeasure, 'calendar'>
  | CallerCommand<IssueFindingAccountability, 'accountabilityId'>
  | CallerCommand<
      Exclude<
        FindingCommand,
        RaiseFinding | PlanMeasures | VerifyMeasure | RecheckMeasure | IssueFindingAccountability | MarkMeasureDeadlinePassed
      >
    >;

type RaiseRequest = Extract<FindingRequest, { type: 'RaiseFinding' }>;

/** What every finding command answers: the finding, its new stream version and the global position. */
export interface FindingCommandResult extends CommandResult {
  id: string;
}

/** A caller's command on a finding, with its conditions (If-Match, Idempotency-Key). */
export class FindingCommandMessage extends SentCommand<FindingRequest, FindingCommandResult> {
  constructor(
    /** The finding acted on; null when raising, which creates it. */
    readonly findingId: string | null,
    request: FindingRequest,
    sender: CommandSender,
  ) {
    super(request, sender);
  }
}

/**
 * Every caller's command on a finding and its measures (docs/ledger.md#findings). The rules are the
 * finding decider's (its measures': the shared measure rules); this handler adds what the decider
 * cannot look up — the units named registered and active, the campaign's facts or the case's
 * existence, the ledger configuration and calendar in force, where the raiser is kept, new ids —
 * then the CommandWriter stamps now, loads the finding, decides and appends as the sender. A unit
 * acts only on a finding it may know of (against it, or one of its measures its own): any other is
 * FINDING_NOT_FOUND, as a case it was never notified of.
 */
@CommandHandler(FindingCommandMessage)
export class FindingCommandHandler implements ICommandHandler<FindingCommandMessage, FindingCommandResult> {
  constructor(
    private readonly writer: CommandWriter,
    private readonly rules: DeadlineRulesProvider,
    private readonly ledger: LedgerConfigurationProvider,
    private readonly units: UnitDirectory,
    private readonly people: PeopleStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ findingId, request, sender }: FindingCommandMessage): Promise<FindingCommandResult> {
    const id = findingId ?? newIdFor('finding', sender);
    if (request.type === 'RaiseFinding') return this.raise(id, request, sender);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.act(id, request, sender);
      } catch (error) {
        // A unit the command named was retired between its look-up and the append: decided again, and so refused.
        if (!(error instanceof StreamMoved) || attempt >= UNITS_MOVED_ATTEMPTS) throw error;
      }
    }
  }

  private async act(id: string, request: Exclude<FindingRequest, RaiseRequest>, sender: CommandSender): Promise<FindingCommandResult> {
    const stream = { store: this.store, streamId: findingStreamId(id), decider: findingDecider, knownTo: requireFindingKnownTo };
    const decider = visibleTo(findingDecider, requireFindingKnownTo, unitScopeOf(sender.caller));
    // The units the command names, as read, are confirmed by its append (a measure's responsible unit retired meanwhile).
    const configuration = ConfigurationReading.checked();
    try {
      // Completed (units, configuration looked up) while the writer reads the finding.
      const command = this.complete(request, sender, configuration);
      const absentAtPath = [MeasureErrors.MEASURE_NOT_FOUND];
      return { id, ...(await this.writer.append(stream.streamId, decider, command, sender, { absentAtPath, configuration })) };
    } catch (error) {
      // A measure command's measure is the path's (`/findings/{id}/measures/{mid}/…`): an unknown one is 404.
      throw notFoundAtPath(await unlessHidden(error, stream, sender), MeasureErrors.MEASURE_NOT_FOUND);
    }
  }

  /**
   * Raising: the unit, the configuration and the source are looked up together; the person who
   * raised it is sealed before deciding and written with FindingRaised or not at all, so a refused
   * raise leaves nothing behind. A campaign's finding is appended only if the campaign's stream is
   * still where it was read (decidedOn): one closed at the same moment refuses it, as if closed
   * first (CAMPAIGN_CLOSED), instead of taking a finding after its close; a campaign that moved
   * otherwise (an activity recorded) has the raise decided again.
   */
  private async raise(findingId: string, request: RaiseRequest, sender: CommandSender): Promise<FindingCommandResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.raiseOnce(findingId, request, sender);
      } catch (error) {
        if (!(error instanceof StreamMoved) || attempt >= RAISE_ATTEMPTS) throw error;
      }
    }
  }

  private async raiseOnce(findingId: string, request: RaiseRequest, sender: CommandSender): Promise<FindingCommandResult> {
    const { raisedBy, raisedAt, ...finding } = request;
    // The unit, as read, is confirmed by the append: one retired meanwhile has the raise decided again (UNIT_RETIRED).
    const configuration = ConfigurationReading.checked();
    const [, ledger, campaign] = await Promise.all([
      this.units.requireActive(request.unitId, 'unitId', configuration),
      this.ledger.current(),
      this.campaignFacts(request.source),
      this.requireCase(request.source),
    ]);
    const prepared = this.people.prepare(findingId, raisedBy);
    const command = {
      ...finding,
      findingId,
      raisedBy: prepared.raisedBy,
      raisedAt: raisedAt ?? this.clock.now().toISOString(),
      ledger,
      campaign: campaign?.facts ?? null,
    };
    const result = await this.writer.append(findingStreamId(findingId), findingDecider, command, sender, {
      newStream: sender.conditions.idempotencyKey === undefined,
      alongside: prepared.write,
      configuration,
      ...(campaign ? { decidedOn: [campaign.read] } : {}),
    });
    return { id: findingId, ...result };
  }

  /** What the decider needs of a campaign source (it reads no other stream): whether it runs, whom it appraises and in which year; and the version read. */
  private async campaignFacts(source: FindingSource): Promise<{ facts: CampaignFacts; read: StreamVersion } | null> {
    if (source.kind !== 'campaign') return null;
    const streamId = campaignStreamId(source.campaignId);
    const { state, version } = await loadAggregate(this.store, streamId, campaignDecider);
    return {
      facts: {
        exists: state.status !== 'none',
        closed: state.status === 'closed',
        appraisedUnitIds: state.appraisedUnitIds,
        year: state.year,
      },
      read: { streamId, version },
    };
  }

  /** A finding that follows from a case names one that exists (its first event is enough to know). */
  private async requireCase(source: FindingSource): Promise<void> {
    if (source.kind !== 'case') return;
    const [first] = await this.store.readStream(caseStreamId(source.caseId), { maxCount: 1 });
    if (!first) throw new DomainError('CASE_NOT_FOUND', 'There is no such case', { field: 'source.caseId' });
  }

  /**
   * The request as a domain command but for `at`; a responsible unit not registered or retired is
   * refused here, naming its field, and so is a retired unit acting on measures (UNIT_RETIRED,
   * naming no field: the unit is the caller's own).
   */
  private async complete(
    request: Exclude<FindingRequest, RaiseRequest>,
    sender: CommandSender,
    configuration: ConfigurationReading,
  ): Promise<CallerCommand<FindingCommand>> {
    switch (request.type) {
      case 'PlanMeasures': {
        const named = request.measures.map((m, i) => ({ unitId: m.responsibleUnitId, field: `measures[${i}].responsibleUnitId` }));
        const [, , ledger, rules] = await Promise.all([
          this.requireActingUnitActive(request.unitId, configuration),
          this.units.requireAllActive(named, configuration),
          this.ledger.current(),
          this.rules.current(),
        ]);
        return { ...request, ledger, calendar: rules.calendar };
      }
      case 'ReportMeasureProgress':
      case 'ReportMeasureCompletion':
        await this.requireActingUnitActive(request.unitId, configuration);
        return request;
      case 'VerifyMeasure': {
        const [ledger, rules] = await Promise.all([this.ledger.current(), this.rules.current()]);
        return { ...request, ledger, calendar: rules.calendar };
      }
      case 'RecheckMeasure':
        return { ...request, calendar: (await this.rules.current()).calendar };
      case 'IssueAccountability':
        await this.units.requireActive(request.target.unitId, 'target.unitId', configuration);
        return { ...request, accountabilityId: newIdFor('accountability', sender) };
      default:
        return request;
    }
  }

  /**
   * A retired unit takes no new work: it plans and reports on no measure. Its retirement was refused
   * while it answered for an open finding (UNIT_HAS_OPEN_FINDINGS), and a plan naming it confirms it
   * was not retired meanwhile, so this meets only a log written before those checks; the unit the
   * finding is against, or intake by withdrawing the finding, then sees the measure through.
   */
  private async requireActingUnitActive(unitId: string, configuration: ConfigurationReading): Promise<void> {
    if ((await this.units.get(unitId, configuration))?.status !== 'retired') return;
    throw new DomainError(UnitErrors.UNIT_RETIRED, `Unit ${unitId} is retired: it plans and reports on no measure`, { unitId });
  }
}
