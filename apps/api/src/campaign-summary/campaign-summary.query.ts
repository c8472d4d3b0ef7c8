import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  campaignStreamId,
  DomainError,
  findingStreamId,
  summariseCampaign,
  type CampaignEvent,
  type CampaignSummary,
  type FindingEvent,
  type RecordedEvent,
} from '@app/domain';
import { EVENT_STORE, toDomainEvent, type EventEnvelope, type EventStore } from '@app/event-store';
import { rectificationsProjection } from '@app/projections/rectifications/rectifications.projection';
import { RectificationsReader } from '@app/projections/rectifications/rectifications.reader';
import { ProjectionPositions } from '../common/projection-positions';

/** Finding streams read at once while summing up a campaign. */
const READ_CONCURRENCY = 8;

/** The summary of one campaign (总结报告), as of `after` at least. */
export class GetCampaignSummaryQuery extends Query<CampaignSummary> {
  constructor(
    readonly campaignId: string,
    readonly after?: string,
  ) {
    super();
  }
}

/**
 * Sums a campaign up from the log itself: its own stream, and the streams of its findings (which
 * the ledger read model names: a finding names its campaign, the campaign does not list its
 * findings). Each figure names the events it was counted from, by event id.
 */
@QueryHandler(GetCampaignSummaryQuery)
export class GetCampaignSummaryHandler implements IQueryHandler<GetCampaignSummaryQuery, CampaignSummary> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly ledger: RectificationsReader,
    private readonly positions: ProjectionPositions,
  ) {}

  async execute({ campaignId, after }: GetCampaignSummaryQuery): Promise<CampaignSummary> {
    const campaign = await this.store.readStream(campaignStreamId(campaignId));
    if (campaign.length === 0) throw new DomainError('CAMPAIGN_NOT_FOUND', 'There is no such campaign', { campaignId });
    // Its findings as far as the ledger has seen, and at least up to the campaign's own last event.
    await this.positions.waitFor(rectificationsProjection, after ?? campaign[campaign.length - 1].position.toString());
    const findingIds = await this.ledger.findingsOf(campaignId);
    const findings: EventEnvelope[][] = [];
    for (let i = 0; i < findingIds.length; i += READ_CONCURRENCY) {
      const streams = findingIds.slice(i, i + READ_CONCURRENCY).map((id) => this.store.readStream(findingStreamId(id)));
      findings.push(...(await Promise.all(streams)));
    }
    return summariseCampaign(recorded<CampaignEvent>(campaign), findings.map(recorded<FindingEvent>));
  }
}

function recorded<E>(envelopes: readonly EventEnvelope[]): RecordedEvent<E>[] {
  return envelopes.map((e) => ({ ref: e.eventId, event: toDomainEvent(e) as E }));
}
