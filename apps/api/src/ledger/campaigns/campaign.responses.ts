import { CAMPAIGN_PHASES, CampaignErrors, MEETING_KINDS, PARTICIPANT_GROUPS, UnitErrors } from '@app/domain';
import { aggregateProblems, commandAnswer, defineSchema, pageOf, S, type ProblemCodes } from '../../common/api-contract';
import { COMMAND_RESULT, CommandRouteWith } from '../../common/routes.decorator';

/**
 * What a campaign command can be refused for: an unknown campaign is 404; every other rule of the
 * campaign decider is 422, as is a unit named that is not registered or retired.
 */
export const CAMPAIGN_PROBLEMS: ProblemCodes = aggregateProblems(CampaignErrors.CAMPAIGN_NOT_FOUND, CampaignErrors, [
  UnitErrors.UNIT_NOT_FOUND,
  UnitErrors.UNIT_RETIRED,
]);

/** Opening's answer: 201 with the new campaign and its Location. */
export const CAMPAIGN_OPENED_ANSWER = commandAnswer(201, COMMAND_RESULT, ['Location']);

/** A command on an existing campaign: POST `path`, 200, for `roles`, with the campaign's problems. */
export const CampaignCommandRoute = CommandRouteWith(CAMPAIGN_PROBLEMS);

const PHASE = S.object({ phase: S.enum(CAMPAIGN_PHASES), startsOn: S.date(), endsOn: S.date() });

/** A campaign as GET /api/v1/campaigns/{id} shows it (campaign-view.ts). */
export const CAMPAIGN_VIEW = defineSchema(
  'CampaignView',
  S.object({
    id: S.string(),
    version: S.integer({ minimum: 1 }),
    status: S.enum(['open', 'closed']),
    name: S.string(),
    year: S.integer(),
    kind: S.string(),
    organiserUnitId: S.string(),
    appraisedUnitIds: S.array(S.string()),
    phases: S.array(PHASE),
    openedAt: S.instant(),
    questionnaires: S.object({ issued: S.integer({ minimum: 0 }), returned: S.integer({ minimum: 0 }) }),
    meetings: S.array(
      S.object({
        meetingId: S.string(),
        kind: S.enum(MEETING_KINDS),
        title: S.string(),
        heldOn: S.date(),
        attendance: S.integer({ minimum: 1 }),
        suggestionsCollected: S.integer({ minimum: 0 }),
      }),
    ),
    suggestionsCollected: S.integer({ minimum: 0 }),
    participants: S.object(Object.fromEntries(PARTICIPANT_GROUPS.map((g) => [g, S.integer({ minimum: 1 })])), PARTICIPANT_GROUPS),
    closedAt: S.nullable(S.instant()),
    closingNote: S.nullable(S.string()),
  }),
);

/** A page of the campaigns opened (campaign.query.ts). */
export const CAMPAIGN_PAGE = defineSchema(
  'CampaignPage',
  pageOf(
    S.object({
      id: S.string(),
      name: S.string(),
      year: S.integer(),
      kind: S.string(),
      organiserUnitId: S.string(),
      appraisedUnits: S.integer({ minimum: 1 }),
      openedAt: S.instant(),
    }),
  ),
);
