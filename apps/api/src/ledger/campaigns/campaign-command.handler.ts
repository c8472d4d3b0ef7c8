import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { campaignDecider, campaignStreamId, type CampaignCommand, type OpenCampaign, type RecordMeeting } from '@app/domain';
import { SentCommand, type CallerCommand, type CommandResult } from '../../common/command-message';
import type { CommandSender } from '../../common/command-sender';
import { CommandWriter } from '../../common/command-writer';
import { newIdFor } from '../../common/idempotency/idempotent-ids';
import { UnitDirectory } from '../../units/unit-directory';
import { LedgerConfigurationProvider } from '../configuration/ledger-configuration.provider';

/**
 * What a caller asks of a campaign: a campaign command without what this handler adds — the id of a
 * new campaign or meeting, and the ledger configuration its kind is checked against.
 */
export type CampaignRequest =
  | CallerCommand<OpenCampaign, 'campaignId' | 'ledger'>
  | CallerCommand<RecordMeeting, 'meetingId'>
  | CallerCommand<Exclude<CampaignCommand, OpenCampaign | RecordMeeting>>;

/** What every campaign command answers: the campaign, its new stream version and the global position. */
export interface CampaignCommandResult extends CommandResult {
  id: string;
}

/** A caller's command on a campaign, with its conditions (If-Match, Idempotency-Key). */
export class CampaignCommandMessage extends SentCommand<CampaignRequest, CampaignCommandResult> {
  constructor(
    /** The campaign acted on; null when opening, which creates it. */
    readonly campaignId: string | null,
    request: CampaignRequest,
    sender: CommandSender,
  ) {
    super(request, sender);
  }
}

/**
 * Every command on a campaign (评议活动 / 专项督查, docs/ledger.md#campaigns). The rules are the
 * campaign decider's; this handler adds what it cannot look up — the organiser and the appraised
 * units registered and active, the ledger configuration in force, new ids (from an Idempotency-Key
 * when given) — then the CommandWriter stamps now and loads, decides and appends as the sender.
 */
@CommandHandler(CampaignCommandMessage)
export class CampaignCommandHandler implements ICommandHandler<CampaignCommandMessage, CampaignCommandResult> {
  constructor(
    private readonly writer: CommandWriter,
    private readonly units: UnitDirectory,
    private readonly ledger: LedgerConfigurationProvider,
  ) {}

  async execute({ campaignId, request, sender }: CampaignCommandMessage): Promise<CampaignCommandResult> {
    const id = campaignId ?? newIdFor('campaign', sender);
    // A new campaign's stream is not read (there is none), unless an Idempotency-Key named it and a retry may find it there.
    const newStream = request.type === 'OpenCampaign' && sender.conditions.idempotencyKey === undefined;
    const result = await this.writer.append(campaignStreamId(id), campaignDecider, this.complete(id, request, sender), sender, {
      newStream,
    });
    return { id, ...result };
  }

  /** The request as a domain command but for `at`; a unit named that is not registered or retired is refused here, naming its field. */
  private async complete(campaignId: string, request: CampaignRequest, sender: CommandSender): Promise<CallerCommand<CampaignCommand>> {
    switch (request.type) {
      case 'OpenCampaign': {
        const named = [
          { unitId: request.organiserUnitId, field: 'organiserUnitId' },
          ...request.appraisedUnitIds.map((unitId, i) => ({ unitId, field: `appraisedUnitIds[${i}]` })),
        ];
        const [, ledger] = await Promise.all([this.units.requireAllActive(named), this.ledger.current()]);
        return { ...request, campaignId, ledger };
      }
      case 'RecordMeeting':
        return { ...request, meetingId: newIdFor('meeting', sender) };
      default:
        return request;
    }
  }
}
