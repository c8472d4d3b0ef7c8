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

/** The registry (UnitList): every unit, retired ones included, each with its stream's version. */
export const UNIT_LIST = defineSchema(
  'UnitList',
  S.object({
    items: S.array(
      S.object({
        unitId: S.string(),
        name: S.string(),
        kind: S.enum(UNIT_KINDS),
        parentId: S.nullable(S.string()),
        status: S.enum(['active', 'retired']),
        retiredReason: S.nullable(S.string()),
        version: S.integer({ minimum: 1, description: 'The unit stream’s version: If-Match of its next command' }),
      }),
    ),
  }),
);
