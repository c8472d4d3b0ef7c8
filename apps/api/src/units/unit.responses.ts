import { UNIT_KINDS, UnitErrors } from '@app/domain';
import { aggregateProblems, defineSchema, S, type ProblemCodes } from '../common/api-contract';

/** A command on a unit's path (rename, retire): an unknown unit is 404, as its GET; every other rule of the unit decider 422. */
export const UNIT_PROBLEMS: ProblemCodes = aggregateProblems(UnitErrors.UNIT_NOT_FOUND, UnitErrors, []);

/** Registering: the unit decider's rules, 422 (the id is new, so not UNIT_NOT_FOUND). */
export const REGISTER_UNIT_PROBLEMS: ProblemCodes = { 422: UNIT_PROBLEMS[422] };

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
