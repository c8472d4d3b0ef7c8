import type { StreamDeciderShape } from '../shared/decider';
import type { CampaignCommand } from './campaign.commands';
import { decideCampaign } from './campaign.decide';
import { CAMPAIGN_EVENT_SCHEMA_VERSIONS, type CampaignEvent } from './campaign.events';
import { evolveCampaign, initialCampaignState, type CampaignState } from './campaign.state';

/** The Campaign aggregate (评议活动 / 专项督查) as a decider: one stream `campaign-<id>` per campaign. */
export const campaignDecider: StreamDeciderShape<CampaignCommand, CampaignEvent, CampaignState> = {
  initialState: initialCampaignState,
  decide: decideCampaign,
  evolve: evolveCampaign,
  schemaVersion: (type) => CAMPAIGN_EVENT_SCHEMA_VERSIONS[type],
};
