import type { CampaignEvent, CampaignOpened, CampaignPhase, MeetingHeld, ParticipantGroup } from '@app/domain';

/** A campaign as GET /api/v1/campaigns/{id} shows it: what was opened and every activity recorded since, totalled. */
export interface CampaignView {
  id: string;
  version: number;
  status: 'open' | 'closed';
  name: string;
  year: number;
  kind: string;
  organiserUnitId: string;
  appraisedUnitIds: string[];
  phases: CampaignPhase[];
  openedAt: string;
  questionnaires: { issued: number; returned: number };
  meetings: Array<MeetingHeld['data']>;
  suggestionsCollected: number;
  participants: Partial<Record<ParticipantGroup, number>>;
  closedAt: string | null;
  closingNote: string | null;
}

/**
 * The view folded from the campaign's events. The decider's state keeps only what its rules look
 * at; the view keeps what a reader is shown (names, dates, each meeting), so it folds the events itself.
 */
export function toCampaignView(id: string, version: number, [opened, ...rest]: readonly CampaignEvent[]): CampaignView {
  const { campaignId: _id, ...data } = (opened as CampaignOpened).data;
  let view: CampaignView = {
    id,
    version,
    status: 'open',
    ...data,
    questionnaires: { issued: 0, returned: 0 },
    meetings: [],
    suggestionsCollected: 0,
    participants: {},
    closedAt: null,
    closingNote: null,
  };
  for (const event of rest) view = { ...view, ...change(view, event) };
  return view;
}

function change(view: CampaignView, event: CampaignEvent): Partial<CampaignView> {
  switch (event.type) {
    case 'CampaignOpened':
      return {};
    case 'CampaignPhasesAmended':
      return { phases: event.data.phases };
    case 'QuestionnairesRecorded':
      return {
        questionnaires: {
          issued: view.questionnaires.issued + event.data.issued,
          returned: view.questionnaires.returned + event.data.returned,
        },
      };
    case 'MeetingHeld':
      return {
        meetings: [...view.meetings, event.data],
        suggestionsCollected: view.suggestionsCollected + event.data.suggestionsCollected,
      };
    case 'ParticipantsRecorded': {
      const { group, count } = event.data;
      return { participants: { ...view.participants, [group]: (view.participants[group] ?? 0) + count } };
    }
    case 'CampaignClosed':
      return { status: 'closed', closedAt: event.data.closedAt, closingNote: event.data.note };
  }
}
