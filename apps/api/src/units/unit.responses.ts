import { UNIT_KINDS, UnitErrors } from '@app/domain';
import { codesOf, defineSchema, S, type ProblemCodes } from '../common/api-contract';

/** A unit command's refusals: every rule of the unit decider is 422, an unknown unit included. */
export const UNIT_PROBLEMS: ProblemCodes = { 422: codesOf(UnitErrors) };

/** A unit of the registry (Unit, libs/domain). */
export const UNIT = defineSchema(
  'Unit',
  S.object({
    unitId: S.string(),
    name: S.string(),
    kind: S.enum(UNIT_KINDS),
    parentId: S.nullable(S.string()),
    status: S.enum(['active', 'retired']),
    retiredReason: S.nullable(S.string()),
  }),
);
