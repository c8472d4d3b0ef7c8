import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { campaignDecider, campaignStreamId, CampaignErrors, DomainError, type CampaignEvent, type CampaignOpened } from '@app/domain';
import { EVENT_STORE, loadAggregate, toDomainEvent, type EventStore } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { InvalidCursor } from '@app/projections';
import { readSettledLog } from '../../common/committed-log';
import { positionCursor } from '../../common/position-cursor';
import { toCampaignView, type CampaignView } from './campaign-view';

/** One campaign by id, read from its stream. */
export class GetCampaignQuery extends Query<CampaignView> {
  constructor(readonly campaignId: string) {
    super();
  }
}

/** The campaigns opened, oldest first, a page at a time (`cursor`: the position after which to go on). */
export class ListCampaignsQuery extends Query<CampaignPage> {
  constructor(
    readonly limit: number,
    readonly cursor: string | null,
  ) {
    super();
  }
}

export interface CampaignListItem {
  id: string;
  name: string;
  year: number;
  kind: string;
  organiserUnitId: string;
  appraisedUnits: number;
  openedAt: string;
}

export interface CampaignPage {
  items: CampaignListItem[];
  nextCursor: string | null;
}

@QueryHandler(GetCampaignQuery)
export class GetCampaignHandler implements IQueryHandler<GetCampaignQuery, CampaignView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ campaignId }: GetCampaignQuery): Promise<CampaignView> {
    const { version, envelopes } = await loadAggregate(this.store, campaignStreamId(campaignId), campaignDecider);
    if (version === 0) throw new DomainError(CampaignErrors.CAMPAIGN_NOT_FOUND, 'There is no such campaign', { campaignId });
    return toCampaignView(
      campaignId,
      version,
      envelopes.map((e) => toDomainEvent<CampaignEvent>(e)),
    );
  }
}

/**
 * The list, read from the log: the CampaignOpened events by position. No read model holds campaigns
 * (the ledger read model holds findings and measures: docs/ledger.md). A campaign's standing is its own GET.
 */
@QueryHandler(ListCampaignsQuery)
export class ListCampaignsHandler implements IQueryHandler<ListCampaignsQuery, CampaignPage> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async execute({ limit, cursor }: ListCampaignsQuery): Promise<CampaignPage> {
    const after = cursor === null ? undefined : positionCursor(cursor);
    if (cursor !== null && after === undefined) throw new InvalidCursor();
    const opened = await readSettledLog(this.store, this.pool, 'campaign list', {
      after,
      limit,
      filter: { eventTypes: ['CampaignOpened'] },
    });
    const items = opened.map((e) => {
      const { campaignId, name, year, kind, organiserUnitId, appraisedUnitIds, openedAt } = e.data as CampaignOpened['data'];
      return { id: campaignId, name, year, kind, organiserUnitId, appraisedUnits: appraisedUnitIds.length, openedAt };
    });
    return { items, nextCursor: opened.length === limit ? opened[opened.length - 1].position.toString() : null };
  }
}
