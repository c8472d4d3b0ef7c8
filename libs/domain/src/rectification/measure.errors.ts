/**
 * Stable codes of the measure rules both the case and the finding enforce. The first five are the
 * case's codes of old (CaseErrors names the same strings): moving the rules here changed no code.
 * Never rename one, add a new one instead.
 */
export const MeasureErrors = {
  MEASURE_DUE_IN_PAST: 'MEASURE_DUE_IN_PAST',
  MEASURE_NOT_FOUND: 'MEASURE_NOT_FOUND',
  MEASURE_NOT_OPEN: 'MEASURE_NOT_OPEN',
  MEASURE_NOT_YOURS: 'MEASURE_NOT_YOURS',
  MEASURE_NOT_REPORTED: 'MEASURE_NOT_REPORTED',
  REJECTION_REASON_REQUIRED: 'REJECTION_REASON_REQUIRED',
  DEADLINE_NOT_YET_PASSED: 'DEADLINE_NOT_YET_PASSED',
  INVALID_WORKING_DAYS: 'INVALID_WORKING_DAYS',
  MEASURE_NOT_VERIFIED: 'MEASURE_NOT_VERIFIED',
  REOPEN_REASON_REQUIRED: 'REOPEN_REASON_REQUIRED',
  UNKNOWN_MEASURE_CATEGORY: 'UNKNOWN_MEASURE_CATEGORY',
  /** 验收 of a measure already verified (or verified and re-checked): there is nothing left to verify. */
  MEASURE_ALREADY_VERIFIED: 'MEASURE_ALREADY_VERIFIED',
  /** 回头看 of a measure already re-checked: it is re-checked once per verification. */
  MEASURE_ALREADY_RECHECKED: 'MEASURE_ALREADY_RECHECKED',
} as const;

export type MeasureErrorCode = (typeof MeasureErrors)[keyof typeof MeasureErrors];
