/**
 * Stable codes of a campaign's broken rules. Clients and the HTTP layer (422 problem+json) rely on
 * them; never rename one, add a new one instead.
 */
export const CampaignErrors = {
  CAMPAIGN_ALREADY_EXISTS: 'CAMPAIGN_ALREADY_EXISTS',
  CAMPAIGN_NOT_FOUND: 'CAMPAIGN_NOT_FOUND',
  CAMPAIGN_CLOSED: 'CAMPAIGN_CLOSED',
  CAMPAIGN_NAME_REQUIRED: 'CAMPAIGN_NAME_REQUIRED',
  INVALID_CAMPAIGN_YEAR: 'INVALID_CAMPAIGN_YEAR',
  /** A campaign of a year that has not begun in Beijing (2099): as an appraisal's APPRAISAL_YEAR_IN_FUTURE. */
  CAMPAIGN_YEAR_IN_FUTURE: 'CAMPAIGN_YEAR_IN_FUTURE',
  /** A stage's date, or an activity's (a meeting held, questionnaires or participants recorded), outside the campaign's year. */
  DATE_OUTSIDE_CAMPAIGN_YEAR: 'DATE_OUTSIDE_CAMPAIGN_YEAR',
  /** A meeting held, or questionnaires or participants recorded, on a day that has not come in Beijing. */
  ACTIVITY_IN_FUTURE: 'ACTIVITY_IN_FUTURE',
  UNKNOWN_CAMPAIGN_KIND: 'UNKNOWN_CAMPAIGN_KIND',
  APPRAISED_UNITS_EMPTY: 'APPRAISED_UNITS_EMPTY',
  UNIT_APPRAISED_TWICE: 'UNIT_APPRAISED_TWICE',
  INVALID_DATE: 'INVALID_DATE',
  PHASE_DATES_OUT_OF_ORDER: 'PHASE_DATES_OUT_OF_ORDER',
  PHASE_LISTED_TWICE: 'PHASE_LISTED_TWICE',
  PHASES_OUT_OF_ORDER: 'PHASES_OUT_OF_ORDER',
  UNKNOWN_PHASE: 'UNKNOWN_PHASE',
  AMENDMENT_REASON_REQUIRED: 'AMENDMENT_REASON_REQUIRED',
  INVALID_COUNT: 'INVALID_COUNT',
  RETURNED_EXCEEDS_ISSUED: 'RETURNED_EXCEEDS_ISSUED',
  MEETING_ALREADY_RECORDED: 'MEETING_ALREADY_RECORDED',
} as const;

export type CampaignErrorCode = (typeof CampaignErrors)[keyof typeof CampaignErrors];
