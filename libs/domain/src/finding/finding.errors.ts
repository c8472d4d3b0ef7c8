import { MeasureErrors } from '../rectification/measure.errors';

/**
 * Stable codes of a finding's broken rules; its measures' are the shared measure rules' (the same
 * codes as a case's measures). Never rename one, add a new one instead.
 */
export const FindingErrors = {
  ...MeasureErrors,
  FINDING_ALREADY_EXISTS: 'FINDING_ALREADY_EXISTS',
  FINDING_NOT_FOUND: 'FINDING_NOT_FOUND',
  FINDING_WITHDRAWN: 'FINDING_WITHDRAWN',
  FINDING_NOT_YOURS: 'FINDING_NOT_YOURS',
  DESCRIPTION_REQUIRED: 'DESCRIPTION_REQUIRED',
  RAISED_BY_REQUIRED: 'RAISED_BY_REQUIRED',
  RAISED_AT_IN_FUTURE: 'RAISED_AT_IN_FUTURE',
  UNKNOWN_FINDING_CATEGORY: 'UNKNOWN_FINDING_CATEGORY',
  CAMPAIGN_NOT_FOUND: 'CAMPAIGN_NOT_FOUND',
  CAMPAIGN_CLOSED: 'CAMPAIGN_CLOSED',
  UNIT_NOT_APPRAISED: 'UNIT_NOT_APPRAISED',
  /** A campaign's finding raised (`raisedAt`, in Beijing) outside the campaign's year: the campaign's code for its own dates. */
  DATE_OUTSIDE_CAMPAIGN_YEAR: 'DATE_OUTSIDE_CAMPAIGN_YEAR',
  MEASURES_EMPTY: 'MEASURES_EMPTY',
  INVALID_SIZE_CLASS: 'INVALID_SIZE_CLASS',
  NEW_DUE_REQUIRED: 'NEW_DUE_REQUIRED',
  WITHDRAWAL_REASON_REQUIRED: 'WITHDRAWAL_REASON_REQUIRED',
  FINDING_HAS_VERIFIED_MEASURES: 'FINDING_HAS_VERIFIED_MEASURES',
  /** Accountability on a finding is against its unit or a unit responsible for one of its measures. */
  ACCOUNTABILITY_TARGET_NOT_ON_FINDING: 'ACCOUNTABILITY_TARGET_NOT_ON_FINDING',
  /** Erasure of who raised it: an enterprise or an office is no person and has nothing to erase. */
  RAISER_NOT_A_PERSON: 'RAISER_NOT_A_PERSON',
  RAISER_ALREADY_ERASED: 'RAISER_ALREADY_ERASED',
  /** `retention_ended` before the finding is over (withdrawn, or every measure re-checked): the case's code. */
  RETENTION_NOT_ENDED: 'RETENTION_NOT_ENDED',
} as const;

export type FindingErrorCode = (typeof FindingErrors)[keyof typeof FindingErrors];
