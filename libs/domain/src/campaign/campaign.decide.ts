import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR } from '../calendar/calendar-publication';
import { isCalendarDate } from '../calendar/instant';
import { beijingDateOf, yearOf } from '../calendar/local-date';
import { isListed } from '../rectification/ledger-configuration';
import type { Decision } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { hasVisibleCharacter } from '../shared/visible-text';
import type * as C from './campaign.commands';
import { CampaignErrors as E } from './campaign.errors';
import type { CampaignEvent } from './campaign.events';
import { checkPhases, requireInCampaignYear, samePhases } from './campaign.phases';
import type { CampaignState } from './campaign.state';

/** Decides what a command does to a campaign: the events to record, or the rule it would break. */
export function decideCampaign(command: C.CampaignCommand, state: CampaignState): Decision<CampaignEvent> {
  if (command.type === 'OpenCampaign') return open(command, state);
  const closed = requireOpen(state);
  if (closed) return closed;
  switch (command.type) {
    case 'AmendCampaignPhases': {
      if (!hasVisibleCharacter(command.reason))
        return new DomainError(E.AMENDMENT_REASON_REQUIRED, 'Say why the stages change', { field: 'reason' });
      const broken = checkPhases(command.phases, state.year);
      if (broken) return broken;
      // The stages already in force (a retried or resent form) change nothing: nothing is recorded, as a publication's.
      if (samePhases(command.phases, state.phases)) return [];
      return [{ type: 'CampaignPhasesAmended', data: { phases: command.phases, reason: command.reason } }];
    }
    case 'RecordQuestionnaires':
      return recordQuestionnaires(command, state);
    case 'RecordMeeting':
      return recordMeeting(command, state);
    case 'RecordParticipants': {
      const { group, count, recordedOn } = command;
      return (
        checkCount(count, 'count', 1) ??
        checkActivityDate(recordedOn, 'recordedOn', state, command.at) ?? [
          { type: 'ParticipantsRecorded', data: { group, count, recordedOn } },
        ]
      );
    }
    case 'CloseCampaign':
      return [{ type: 'CampaignClosed', data: { closedAt: command.at, note: command.note } }];
  }
}

function open(c: C.OpenCampaign, state: CampaignState): Decision<CampaignEvent> {
  if (state.status !== 'none') return new DomainError(E.CAMPAIGN_ALREADY_EXISTS, 'The campaign already exists');
  if (!hasVisibleCharacter(c.name)) return new DomainError(E.CAMPAIGN_NAME_REQUIRED, 'A campaign has a name', { field: 'name' });
  if (!Number.isInteger(c.year) || c.year < CALENDAR_MIN_YEAR || c.year > CALENDAR_MAX_YEAR) {
    return new DomainError(E.INVALID_CAMPAIGN_YEAR, `A campaign’s year is from ${CALENDAR_MIN_YEAR} to ${CALENDAR_MAX_YEAR}`, {
      field: 'year',
    });
  }
  // A campaign runs in its year: one of a year not begun records nothing until then (every activity
  // of it would be in the future), and 2099 is a slip. A past year is history recorded late.
  if (c.year > yearOf(beijingDateOf(c.at))) {
    return new DomainError(E.CAMPAIGN_YEAR_IN_FUTURE, `The year ${c.year} has not begun`, { field: 'year', year: c.year });
  }
  if (!isListed(c.ledger.campaignKinds, c.kind)) {
    return new DomainError(E.UNKNOWN_CAMPAIGN_KIND, `"${c.kind}" is not a campaign kind of ${c.ledger.version}`, {
      field: 'kind',
      kind: c.kind,
    });
  }
  if (c.appraisedUnitIds.length === 0)
    return new DomainError(E.APPRAISED_UNITS_EMPTY, 'A campaign appraises at least one unit', { field: 'appraisedUnitIds' });
  const twice = c.appraisedUnitIds.findIndex((id, i) => c.appraisedUnitIds.indexOf(id) !== i);
  if (twice >= 0) {
    return new DomainError(E.UNIT_APPRAISED_TWICE, `Unit ${c.appraisedUnitIds[twice]} is listed twice`, {
      field: `appraisedUnitIds[${twice}]`,
      unitId: c.appraisedUnitIds[twice],
    });
  }
  const broken = checkPhases(c.phases, c.year);
  if (broken) return broken;
  const { campaignId, name, year, organiserUnitId, kind, appraisedUnitIds, phases } = c;
  return [{ type: 'CampaignOpened', data: { campaignId, name, year, organiserUnitId, kind, appraisedUnitIds, phases, openedAt: c.at } }];
}

/** Counted so far and now together: more returned than issued is a slip of the pen, refused. */
function recordQuestionnaires(c: C.RecordQuestionnaires, state: CampaignState): Decision<CampaignEvent> {
  const broken =
    checkCount(c.issued, 'issued', 0) ??
    checkCount(c.returned, 'returned', 0) ??
    checkActivityDate(c.recordedOn, 'recordedOn', state, c.at);
  if (broken) return broken;
  const issued = state.questionnaires.issued + c.issued;
  const returned = state.questionnaires.returned + c.returned;
  if (returned > issued) {
    return new DomainError(E.RETURNED_EXCEEDS_ISSUED, `${returned} questionnaires returned of ${issued} issued`, {
      field: 'returned',
      issued,
      returned,
    });
  }
  if (c.issued === 0 && c.returned === 0) return [];
  return [{ type: 'QuestionnairesRecorded', data: { issued: c.issued, returned: c.returned, recordedOn: c.recordedOn } }];
}

function recordMeeting(c: C.RecordMeeting, state: CampaignState): Decision<CampaignEvent> {
  if (state.meetingIds.includes(c.meetingId)) {
    return new DomainError(E.MEETING_ALREADY_RECORDED, `Meeting ${c.meetingId} is already recorded`, {
      field: 'meetingId',
      meetingId: c.meetingId,
    });
  }
  const broken =
    checkActivityDate(c.heldOn, 'heldOn', state, c.at) ??
    checkCount(c.attendance, 'attendance', 1) ??
    checkCount(c.suggestionsCollected, 'suggestionsCollected', 0);
  if (broken) return broken;
  const { meetingId, kind, title, heldOn, attendance, suggestionsCollected } = c;
  return [{ type: 'MeetingHeld', data: { meetingId, kind, title, heldOn, attendance, suggestionsCollected } }];
}

function requireOpen(state: CampaignState): DomainError | null {
  if (state.status === 'none') return new DomainError(E.CAMPAIGN_NOT_FOUND, 'There is no such campaign');
  if (state.status === 'closed') return new DomainError(E.CAMPAIGN_CLOSED, 'The campaign is closed');
  return null;
}

function checkCount(value: number, field: string, least: number): DomainError | null {
  return Number.isInteger(value) && value >= least && value <= 1_000_000
    ? null
    : new DomainError(E.INVALID_COUNT, `${field} must be a whole number from ${least}`, { field });
}

/** A real date in the years a campaign can run (2000–2100, as its year): 9999-12-31 is a slip, not a stage or a meeting. */
function checkDate(value: string, field: string): DomainError | null {
  return isCalendarDate(value)
    ? null
    : new DomainError(E.INVALID_DATE, `"${value}" is not a date from ${CALENDAR_MIN_YEAR} to ${CALENDAR_MAX_YEAR}`, { field });
}

/**
 * The day an activity happened (a meeting held, questionnaires or participants counted): a real
 * date, in the campaign's year, and not later than today in Beijing — it is recorded once it
 * happened, and the 总结报告 counts it. As an appraisal's deduction (YEAR_MISMATCH, DEDUCTION_IN_FUTURE).
 */
function checkActivityDate(value: string, field: string, state: CampaignState, at: string): DomainError | null {
  const broken = checkDate(value, field) ?? requireInCampaignYear(value, field, state.year);
  if (broken) return broken;
  if (value > beijingDateOf(at)) return new DomainError(E.ACTIVITY_IN_FUTURE, `${value} has not come yet`, { field });
  return null;
}
