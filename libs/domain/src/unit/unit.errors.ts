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
  UNIT_HAS_ACTIVE_CHILDREN: 'UNIT_HAS_ACTIVE_CHILDREN',
  UNIT_HAS_OPEN_CASES: 'UNIT_HAS_OPEN_CASES',
  /** Retiring a unit that still answers for findings of the ledger: a measure to plan, report or re-check. */
  UNIT_HAS_OPEN_FINDINGS: 'UNIT_HAS_OPEN_FINDINGS',
  /** Registering or renaming a unit with the name of another active unit (compared as unitNameKey compares them). */
  UNIT_NAME_IN_USE: 'UNIT_NAME_IN_USE',
} as const;

export type UnitErrorCode = (typeof UnitErrors)[keyof typeof UnitErrors];
