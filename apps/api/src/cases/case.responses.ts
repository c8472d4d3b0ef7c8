import {
  CALENDAR_YEAR_MISSING,
  CaseErrors,
  INVALID_DATE,
  SATISFACTIONS,
  UNIT_ROLES,
  UNKNOWN_CATEGORY,
  URGENCIES,
  UnitErrors,
} from '@app/domain';
import { aggregateProblems, defineSchema, S, type ProblemCodes } from '../common/api-contract';
import { MEASURE_PLAN_FIELDS } from '../common/measure.schema';
import { CommandRouteWith } from '../common/routes.decorator';
import { ROLES } from '../common/request-context';
import { CASE_ACTION_ROLES, CASE_ACTIONS, MEASURE_ACTIONS, type CaseAction } from './case-actions';

/**
 * What a case command can be refused for: an unknown case (or one the unit was never notified of)
 * is 404; every other rule of the case decider is 422, as are a unit named that is not registered or
 * retired (UnitDirectory) and a due date the calendar or time limits cannot compute.
 */
export const CASE_PROBLEMS: ProblemCodes = aggregateProblems(CaseErrors.CASE_NOT_FOUND, CaseErrors, [
  UnitErrors.UNIT_NOT_FOUND,
  UnitErrors.UNIT_RETIRED,
  CALENDAR_YEAR_MISSING,
  UNKNOWN_CATEGORY,
  INVALID_DATE,
]);

/** A command on an existing case: CommandRoute with the case's problems. */
export const CaseCommandRoute = CommandRouteWith(CASE_PROBLEMS);

/** The route of a case action (`POST :id/<action>`), open to the roles CASE_ACTION_ROLES gives it. */
export const CaseActionRoute = (action: CaseAction) => CaseCommandRoute(`:id/${action}`, ...CASE_ACTION_ROLES[action]);

/** Filing's answer: the new case, and its query code this once (null on a replay). */
export const FILED_CASE = defineSchema(
  'FiledCase',
  S.object({
    id: S.string({ description: 'The new case’s id' }),
    version: S.integer({ minimum: 1 }),
    position: S.nullable(S.position()),
    queryCode: S.nullable(S.string({ description: 'The complainant’s query code (查询码), shown this once; null on a retry' })),
  }),
);

const UNIT_ON_CASE = S.object({
  unitId: S.string(),
  role: S.enum(UNIT_ROLES),
  status: S.enum(['active', 'disputed', 'transferred']),
  responsibleLeader: S.string(),
  acknowledged: S.boolean(),
  acknowledgedAt: S.nullable(S.instant()),
  signForDue: S.date(),
  handlingDue: S.date(),
  signForPassed: S.boolean(),
  handlingPassedFor: S.nullable(S.date()),
  reported: S.boolean(),
  reportedAt: S.nullable(S.instant()),
  pendingExtension: S.nullable(S.object({ workingDays: S.integer() })),
});

const MEASURE = S.object({
  ...MEASURE_PLAN_FIELDS,
  status: S.enum(['planned', 'reported', 'verified', 'rejected']),
  overdue: {
    ...S.boolean(),
    description: 'Still owed (planned, rejected) and its due day has ended in Beijing: the ledger shows it `overdue` (逾期未整改)',
  },
  allowedActions: {
    ...S.array(S.enum(MEASURE_ACTIONS)),
    description: 'What the caller may do on this measure now: POST /api/v1/cases/{id}/<action> with its measureId',
  },
});

/** A case as GET /api/v1/cases/{id} shows it (case-view.ts). */
export const CASE_VIEW = defineSchema(
  'CaseView',
  S.object({
    id: S.string(),
    version: S.integer({ minimum: 1 }),
    status: S.enum(['filed', 'accepted', 'rejected', 'in_progress', 'closed']),
    category: S.nullable(S.string()),
    urgency: S.nullable(S.enum(URGENCIES)),
    receivedAt: S.nullable(S.instant()),
    complainedUnitId: S.nullable(S.string()),
    anonymous: S.boolean(),
    round: S.integer({ minimum: 1 }),
    units: S.array(UNIT_ON_CASE),
    leadReport: S.nullable(
      S.object({
        factsEstablished: S.boolean(),
        factsFound: S.string({ description: 'What the lead unit found (查明情况), as it reported' }),
        result: S.nullable(S.string()),
      }),
    ),
    measures: S.array(MEASURE),
    noRectificationReason: S.nullable(S.string()),
    lastVisit: S.nullable(S.enum(SATISFACTIONS)),
    accountabilityIssued: S.integer({ minimum: 0 }),
    allowedActions: {
      ...S.array(S.enum(CASE_ACTIONS)),
      description:
        'What the caller may do on the case now (POST /api/v1/cases/{id}/<action>), by their role and the case’s state, as the case’s rules decide them; empty for a case as it stood (asOf). A form’s own fields may still be refused.',
    },
  }),
);

/** An event with its metadata, as the case history and the audit log show it. */
export const EVENT_METADATA = S.object(
  {
    actorId: S.string(),
    // The caller's role, or `system` for what the server does itself (deadlines, the unit seed, verifications).
    role: S.enum([...ROLES, 'system']),
    unitId: S.nullable(S.string()),
    correlationId: S.string(),
    causationId: S.nullable(S.string()),
    occurredAt: S.instant(),
  },
  ['unitId', 'causationId'],
);

/** Every event of a case, in order (case-by-id.query.ts). */
export const CASE_HISTORY = defineSchema(
  'CaseHistory',
  S.object({
    id: S.string(),
    events: S.array(
      S.object({
        eventId: S.string(),
        type: S.string(),
        streamVersion: S.integer({ minimum: 1 }),
        position: S.position(),
        schemaVersion: S.integer(),
        data: S.anyObject('The event’s data, as its type defines it (docs/glossary.md)'),
        metadata: EVENT_METADATA,
        recordedAt: S.instant(),
      }),
    ),
  }),
);
