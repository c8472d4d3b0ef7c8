import { Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, PickType } from '@nestjs/swagger';
import type { Response } from 'express';
import { CampaignErrors } from '@app/domain';
import { DEFAULT_PAGE_SIZE } from '@app/projections/runner/keyset';
import { Answers, Problems } from '../../common/api-contract';
import { PageRequestDto } from '../../common/page.request.dto';
import { ReadRoutes } from '../../common/routes.decorator';
import { UuidPipe } from '../../common/uuid.pipe';
import { GetCampaignQuery, ListCampaignsQuery, type CampaignPage } from './campaign.query';
import type { CampaignView } from './campaign-view';
import { CAMPAIGN_PAGE, CAMPAIGN_VIEW } from './campaign.responses';

/** A page of campaigns: read from the log, always current, so there is no `after` to wait for. */
export class CampaignListRequestDto extends PickType(PageRequestDto, ['limit', 'cursor'] as const) {}

/**
 * Campaigns as every role that works with them reads them, whole: a campaign is no unit's secret
 * (its appraised units, stages and totals are published), and its figures are aggregates.
 */
@ReadRoutes('api/v1/campaigns', 'ledger', 'intake', 'unit', 'discipline', 'dashboard')
export class CampaignQueriesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'The campaigns opened, oldest first (pass nextCursor as cursor); read from the log until the ledger read model exists',
  })
  @Answers({ status: 200, description: 'A page of campaigns', schema: CAMPAIGN_PAGE })
  @Problems({ 503: ['PROJECTION_NOT_READY'] }) // the log did not settle within 5 s (readSettledLog)
  list(@Query() query: CampaignListRequestDto): Promise<CampaignPage> {
    return this.queryBus.execute(new ListCampaignsQuery(query.limit ?? DEFAULT_PAGE_SIZE, query.cursor ?? null));
  }

  @Get(':id')
  @ApiOperation({ summary: 'The campaign: stages, questionnaires, meetings, participants; ETag is its version' })
  @Answers({ status: 200, description: 'The campaign', schema: CAMPAIGN_VIEW, headers: ['ETag'] })
  @Problems({ 404: [CampaignErrors.CAMPAIGN_NOT_FOUND] })
  async get(@Param('id', new UuidPipe('a campaign id')) id: string, @Res({ passthrough: true }) response: Response): Promise<CampaignView> {
    const view = await this.queryBus.execute(new GetCampaignQuery(id));
    response.setHeader('ETag', `"${view.version}"`);
    return view;
  }
}
