/**
 * Stable codes of the appraisal inputs' broken rules. Clients and the HTTP layer (422
 * problem+json) rely on them; never rename one, add a new one instead.
 */
export const AppraisalInputsErrors = {
  APPRAISAL_INPUT_NOT_FOR_UNIT_KIND: 'APPRAISAL_INPUT_NOT_FOR_UNIT_KIND',
  APPRAISAL_STREAM_MISMATCH: 'APPRAISAL_STREAM_MISMATCH',
  INVALID_YEAR: 'INVALID_YEAR',
  APPRAISAL_YEAR_IN_FUTURE: 'APPRAISAL_YEAR_IN_FUTURE',
  INVALID_SCORE: 'INVALID_SCORE',
  INVALID_SAMPLE_SIZE: 'INVALID_SAMPLE_SIZE',
  INVALID_DEDUCTION: 'INVALID_DEDUCTION',
  DEDUCTION_ALREADY_RECORDED: 'DEDUCTION_ALREADY_RECORDED',
  YEAR_MISMATCH: 'YEAR_MISMATCH',
  DEDUCTION_IN_FUTURE: 'DEDUCTION_IN_FUTURE',
  /** 撤销扣分: no deduction of that id is recorded in this unit's year. */
  DEDUCTION_NOT_FOUND: 'DEDUCTION_NOT_FOUND',
  /** 撤销扣分: the deduction was withdrawn already. */
  DEDUCTION_ALREADY_WITHDRAWN: 'DEDUCTION_ALREADY_WITHDRAWN',
  DEDUCTION_WITHDRAWAL_REASON_REQUIRED: 'DEDUCTION_WITHDRAWAL_REASON_REQUIRED',
  /** The finding a deduction cites does not exist, is against another unit, or was withdrawn. */
  CITED_FINDING_NOT_FOUND: 'CITED_FINDING_NOT_FOUND',
  CITED_FINDING_OF_ANOTHER_UNIT: 'CITED_FINDING_OF_ANOTHER_UNIT',
  CITED_FINDING_WITHDRAWN: 'CITED_FINDING_WITHDRAWN',
} as const;

export type AppraisalInputsErrorCode = (typeof AppraisalInputsErrors)[keyof typeof AppraisalInputsErrors];
