import { PARTICIPANT_GROUPS, SIZE_CLASSES } from '@app/domain';
import { defineSchema, S } from '../common/api-contract';

const FIGURE = defineSchema(
  'SummaryFigure',
  S.object({ value: S.number(), events: S.array(S.string({ description: 'The id of an event counted (its eventId in the log)' })) }),
);
const SHARE = defineSchema('SummaryShare', S.object({ numerator: FIGURE, denominator: FIGURE, value: S.nullable(S.number()) }));
const byKey = (keys: readonly string[]) => S.object(Object.fromEntries(keys.map((k) => [k, FIGURE])), keys);

/** A campaign's summary (CampaignSummary, libs/domain/src/campaign/campaign-summary.ts). */
export const CAMPAIGN_SUMMARY = defineSchema(
  'CampaignSummary',
  S.object({
    campaignId: S.string(),
    name: S.string(),
    year: S.integer(),
    kind: S.string(),
    closed: S.boolean(),
    unitsAppraised: FIGURE,
    questionnairesIssued: FIGURE,
    questionnairesReturned: FIGURE,
    questionnaireReturnRate: SHARE,
    meetings: FIGURE,
    attendance: FIGURE,
    suggestionsCollected: FIGURE,
    participants: byKey(PARTICIPANT_GROUPS),
    findings: FIGURE,
    findingsByCategory: S.record(FIGURE),
    measures: FIGURE,
    measuresByCategory: S.record(FIGURE),
    measuresBySizeClass: byKey(SIZE_CLASSES),
    completed: SHARE,
    completedOnTime: SHARE,
    verified: FIGURE,
    rechecksPassed: SHARE,
    reopened: FIGURE,
    accountability: FIGURE,
    accountabilityByForm: S.record(FIGURE),
  }),
);
