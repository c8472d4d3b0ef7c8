import type { LedgerConfiguration } from '../rectification/ledger-configuration';
import type { CampaignOpened, CampaignPhasesAmended, MeetingHeld, ParticipantsRecorded, QuestionnairesRecorded } from './campaign.events';

/**
 * Commands to a campaign, imperative and plain. Every command carries `at`, the instant it is
 * decided (from the caller's clock, so `decide` stays pure).
 */
type Command<Type extends string, Data> = { type: Type; at: string } & Data;

/** The campaign as it is recorded, with the configuration its kind is checked against. */
export type OpenCampaign = Command<'OpenCampaign', Omit<CampaignOpened['data'], 'openedAt'> & { ledger: LedgerConfiguration }>;
export type AmendCampaignPhases = Command<'AmendCampaignPhases', CampaignPhasesAmended['data']>;
export type RecordQuestionnaires = Command<'RecordQuestionnaires', QuestionnairesRecorded['data']>;
export type RecordMeeting = Command<'RecordMeeting', MeetingHeld['data']>;
export type RecordParticipants = Command<'RecordParticipants', ParticipantsRecorded['data']>;
export type CloseCampaign = Command<'CloseCampaign', { note: string | null }>;

export type CampaignCommand =
  OpenCampaign | AmendCampaignPhases | RecordQuestionnaires | RecordMeeting | RecordParticipants | CloseCampaign;
