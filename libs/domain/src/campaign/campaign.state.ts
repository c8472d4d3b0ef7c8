import type { CampaignEvent } from './campaign.events';
import type { CampaignPhase, ParticipantGroup } from './campaign.model';

/** What a campaign's rules look at: whether it is open, its stages, and its running totals. */
export interface CampaignState {
  status: 'none' | 'open' | 'closed';
  campaignId: string | null;
  /** The year the campaign runs in (0 until opened): its stages and activities fall in it. */
  year: number;
  appraisedUnitIds: readonly string[];
  phases: readonly CampaignPhase[];
  /** Questionnaires issued and returned so far (returned can never exceed issued). */
  questionnaires: { issued: number; returned: number };
  /** Meetings recorded, by id: a retried record must not count a meeting twice. */
  meetingIds: readonly string[];
  suggestionsCollected: number;
  participants: Readonly<Partial<Record<ParticipantGroup, number>>>;
}

export function initialCampaignState(): CampaignState {
  return {
    status: 'none',
    campaignId: null,
    year: 0,
    appraisedUnitIds: [],
    phases: [],
    questionnaires: { issued: 0, returned: 0 },
    meetingIds: [],
    suggestionsCollected: 0,
    participants: {},
  };
}

export function evolveCampaign(state: CampaignState, event: CampaignEvent): CampaignState {
  switch (event.type) {
    case 'CampaignOpened': {
      const d = event.data;
      return { ...state, status: 'open', campaignId: d.campaignId, year: d.year, appraisedUnitIds: d.appraisedUnitIds, phases: d.phases };
    }
    case 'CampaignPhasesAmended':
      return { ...state, phases: event.data.phases };
    case 'QuestionnairesRecorded': {
      const { issued, returned } = state.questionnaires;
      return { ...state, questionnaires: { issued: issued + event.data.issued, returned: returned + event.data.returned } };
    }
    case 'MeetingHeld':
      return {
        ...state,
        meetingIds: [...state.meetingIds, event.data.meetingId],
        suggestionsCollected: state.suggestionsCollected + event.data.suggestionsCollected,
      };
    case 'ParticipantsRecorded': {
      const { group, count } = event.data;
      return { ...state, participants: { ...state.participants, [group]: (state.participants[group] ?? 0) + count } };
    }
    case 'CampaignClosed':
      return { ...state, status: 'closed' };
  }
}
