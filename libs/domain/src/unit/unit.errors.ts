/**
 * Stable codes of the unit registry's broken rules. Clients and the HTTP layer (422 problem+json)
 * rely on them; never rename one, add a new one instead.
 */
export const UnitErrors = {
  UNIT_ALREADY_REGISTERED: 'UNIT_ALREADY_REGISTERED',
  UNIT_NOT_FOUND: 'UNIT_NOT_FOUND',
  UNIT_RETIRED: 'UNIT_RETIRED',
  UNIT_NAME_UNCHANGED: 'UNIT_NAME_UNCHANGED',
  INVALID_UNIT_ID: 'INVALID_UNIT_ID',
  INVALID_UNIT_NAME: 'INVALID_UNIT_NAME',
  INVALID_UNIT_KIND: 'INVALID_UNIT_KIND',
  UNIT_PARENT_IS_ITSELF: 'UNIT_PARENT_IS_ITSELF',
  PARENT_UNIT_NOT_FOUND: 'PARENT_UNIT_NOT_FOUND',
  PARENT_UNIT_RETIRED: 'PARENT_UNIT_RETIRED',
  RETIREMENT_REASON_REQUIRED: 'RETIREMENT_REASON_REQUIRED',
} as const;

export type UnitErrorCode = (typeof UnitErrors)[keyof typeof UnitErrors];
