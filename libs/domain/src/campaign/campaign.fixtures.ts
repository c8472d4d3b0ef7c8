/**
 * A campaign for the specs, after seed 000: the district CPPCC's 民主评议 of the business
 * environment in the autumn of 2026, appraising its departments and a development zone, with its
 * five stages, 500 questionnaires issued and 473 returned, and the 座谈会 at the development zone
 * where 20 enterprises gave 38 suggestions. Test data only: production code never imports this file.
 */
import { DEFAULT_LEDGER_CONFIGURATION } from '../rectification/ledger-configuration';
import type { OpenCampaign } from './campaign.commands';
import type * as Ev from './campaign.events';
import type { CampaignPhase } from './campaign.model';

export const CAMPAIGN_ID = 'MZPY-2026';
export const ORGANISER = 'office-cppcc'; // 区政协办公室
export const TAX = 'dept-tax'; // 区税务局
export const HUMAN_RESOURCES = 'dept-hr'; // 区人力资源和社会保障局
export const CONSTRUCTION = 'dept-construction'; // 区城建局
export const DEV_ZONE = 'zone-yangluo'; // 阳逻开发区
export const APPRAISED = [TAX, HUMAN_RESOURCES, CONSTRUCTION, DEV_ZONE];
export const OPENED_AT = '2026-09-28T09:00:00+08:00';

export const PHASES: CampaignPhase[] = [
  { phase: 'mobilise', startsOn: '2026-09-28', endsOn: '2026-10-12' },
  { phase: 'self_inspection', startsOn: '2026-10-13', endsOn: '2026-10-23' },
  { phase: 'consultation', startsOn: '2026-10-19', endsOn: '2026-10-30' },
  { phase: 'supervised_rectification', startsOn: '2026-10-26', endsOn: '2026-11-13' },
  { phase: 'look_back', startsOn: '2026-12-01', endsOn: '2026-12-18' },
];

export const openCampaign = (over: Partial<OpenCampaign> = {}): OpenCampaign => ({
  type: 'OpenCampaign',
  at: OPENED_AT,
  campaignId: CAMPAIGN_ID,
  name: '2026年区政协民主评议经济发展软环境活动',
  year: 2026,
  organiserUnitId: ORGANISER,
  kind: 'democratic_appraisal',
  appraisedUnitIds: APPRAISED,
  phases: PHASES,
  ledger: DEFAULT_LEDGER_CONFIGURATION,
  ...over,
});

export const campaignOpened = (): Ev.CampaignOpened => {
  const { type: _t, at, ledger: _l, ...data } = openCampaign();
  return { type: 'CampaignOpened', data: { ...data, openedAt: at } };
};

export const symposiumHeld = (over: Partial<Ev.MeetingHeld['data']> = {}): Ev.MeetingHeld => ({
  type: 'MeetingHeld',
  data: {
    meetingId: 'ZT-01',
    kind: 'symposium',
    title: '阳逻开发区企业座谈会',
    heldOn: '2026-10-20',
    attendance: 26,
    suggestionsCollected: 38,
    ...over,
  },
});

export const questionnairesRecorded = (issued: number, returned: number): Ev.QuestionnairesRecorded => ({
  type: 'QuestionnairesRecorded',
  data: { issued, returned, recordedOn: '2026-10-23' },
});

export const openedCampaign = [campaignOpened()];
