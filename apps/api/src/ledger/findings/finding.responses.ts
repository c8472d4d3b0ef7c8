import { applyDecorators } from '@nestjs/common';
import {
  CALENDAR_YEAR_MISSING,
  CaseErrors,
  FINDING_SOURCE_KINDS,
  FindingErrors,
  MEASURE_STATUSES,
  RAISER_KINDS,
  SIZE_CLASSES,
  UnitErrors,
} from '@app/domain';
import { codesOf, commandAnswer, defineSchema, Problems, S, type ProblemCodes } from '../../common/api-contract';
import type { Role } from '../../common/request-context';
import { CommandRouteOf } from '../../common/routes.decorator';

/**
 * What a finding command can be refused for: an unknown finding (or one the unit may not know of) is
 * 404; every other rule of the finding decider and the shared measure rules is 422, as are a unit
 * named that is not registered or retired, a case or campaign named as the source that does not
 * exist, and a due date the calendar cannot count.
 */
export const FINDING_PROBLEMS: ProblemCodes = {
  404: [FindingErrors.FINDING_NOT_FOUND],
  422: [
    ...codesOf(FindingErrors).filter((code) => code !== FindingErrors.FINDING_NOT_FOUND),
    UnitErrors.UNIT_NOT_FOUND,
    UnitErrors.UNIT_RETIRED,
    CaseErrors.CASE_NOT_FOUND,
    CALENDAR_YEAR_MISSING,
  ],
};

/** What a command on a finding answers. */
export const FINDING_COMMAND_RESULT = defineSchema(
  'FindingCommandResult',
  S.object({
    id: S.string({ description: 'The finding acted on' }),
    version: S.integer({ minimum: 1, description: 'The stream’s version after the command (also the ETag)' }),
    position: S.nullable(S.position()),
  }),
);

/** Raising's answer: 201 with the new finding and its Location. */
export const FINDING_RAISED_ANSWER = commandAnswer(201, FINDING_COMMAND_RESULT, ['Location']);

/** A command on an existing finding: POST `path`, 200, for `roles`, with the finding's problems. */
export const FindingCommandRoute = (path: string, ...roles: Role[]) =>
  applyDecorators(CommandRouteOf(path, roles, FINDING_COMMAND_RESULT), Problems(FINDING_PROBLEMS));

const MEASURE = S.object({
  measureId: S.string(),
  description: S.string(),
  responsibleUnitId: S.string(),
  responsibleLeader: S.string(),
  dueDate: S.date(),
  sizeClass: S.enum(SIZE_CLASSES),
  category: S.string(),
  status: S.enum(MEASURE_STATUSES),
  completedAt: S.nullable(S.instant()),
  recheckDue: S.nullable(S.date()),
});

/** A finding as GET /api/v1/findings/{id} shows it (finding-view.ts). */
export const FINDING_VIEW = defineSchema(
  'FindingView',
  S.object({
    id: S.string(),
    version: S.integer({ minimum: 1 }),
    status: S.enum(['open', 'withdrawn']),
    source: S.object({ kind: S.enum(FINDING_SOURCE_KINDS), campaignId: S.string(), caseId: S.string() }, ['campaignId', 'caseId']),
    unitId: S.string(),
    category: S.string(),
    description: S.string(),
    raisedBy: S.object({
      kind: S.enum(RAISER_KINDS),
      ref: S.nullable(S.string({ description: 'The people store’s reference, or an organisation’s name; null to a unit' })),
    }),
    raisedAt: S.instant(),
    withdrawal: S.nullable(S.object({ reason: S.string(), withdrawnAt: S.instant() })),
    measures: S.array(MEASURE),
  }),
);
