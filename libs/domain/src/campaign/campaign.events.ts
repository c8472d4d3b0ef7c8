import type { LocalDate } from '../calendar/local-date';
import type { CampaignPhase, MeetingKind, ParticipantGroup } from './campaign.model';

type Event<Type extends string, Data> = { type: Type; data: Data };

/** A campaign (评议活动 / 专项督查) opened: who runs it, its kind, whom it appraises (评议对象), its stages. */
export type CampaignOpened = Event<
  'CampaignOpened',
  {
    campaignId: string;
    name: string;
    year: number;
    organiserUnitId: string;
    /** A code of the configured campaign kinds (rectification/ledger-configuration.ts). */
    kind: string;
    appraisedUnitIds: string[];
    phases: CampaignPhase[];
    openedAt: string;
  }
>;
/** The stages replaced whole by an amendment, with why (a date moved, a stage added). */
export type CampaignPhasesAmended = Event<'CampaignPhasesAmended', { phases: CampaignPhase[]; reason: string }>;
/** Questionnaires (问卷) issued and returned since the last record: the campaign adds them up. */
export type QuestionnairesRecorded = Event<'QuestionnairesRecorded', { issued: number; returned: number; recordedOn: LocalDate }>;
/** A meeting held (座谈会 …): how many attended and how many suggestions (建议) it collected. */
export type MeetingHeld = Event<
  'MeetingHeld',
  { meetingId: string; kind: MeetingKind; title: string; heldOn: LocalDate; attendance: number; suggestionsCollected: number }
>;
/** People who took part in the appraisal, counted by group (e.g. 130 多名政协委员). */
export type ParticipantsRecorded = Event<'ParticipantsRecorded', { group: ParticipantGroup; count: number; recordedOn: LocalDate }>;
export type CampaignClosed = Event<'CampaignClosed', { closedAt: string; note: string | null }>;

/** Everything that can happen to a campaign. */
export type CampaignEvent =
  CampaignOpened | CampaignPhasesAmended | QuestionnairesRecorded | MeetingHeld | ParticipantsRecorded | CampaignClosed;

export type CampaignEventType = CampaignEvent['type'];

/**
 * Schema version of each event type as written today. Bump it when a type's data changes shape,
 * and add an upcaster for the old version (read side) in the same change.
 */
export const CAMPAIGN_EVENT_SCHEMA_VERSIONS: Readonly<Record<CampaignEventType, number>> = {
  CampaignOpened: 1,
  CampaignPhasesAmended: 1,
  QuestionnairesRecorded: 1,
  MeetingHeld: 1,
  ParticipantsRecorded: 1,
  CampaignClosed: 1,
};

export const CAMPAIGN_EVENT_TYPES = Object.keys(CAMPAIGN_EVENT_SCHEMA_VERSIONS) as CampaignEventType[];

/** The stream of one campaign. */
export const campaignStreamId = (campaignId: string): string => `campaign-${campaignId}`;
export const CAMPAIGN_STREAM_PREFIX = 'campaign-';
