import {
  CALENDAR_YEAR_MISSING,
  CaseErrors,
  FINDING_SOURCE_KINDS,
  INVALID_DATE,
  FindingErrors,
  MEASURE_STATUSES,
  MeasureErrors,
  RAISER_KINDS,
  SIZE_CLASSES,
  UnitErrors,
} from '@app/domain';
import { aggregateProblems, commandAnswer, defineSchema, S, type ProblemCodes } from '../../common/api-contract';
import { MEASURE_PLAN_FIELDS } from '../../common/measure.schema';
import { COMMAND_RESULT, CommandRouteWith } from '../../common/routes.decorator';

/**
 * What a finding command can be refused for: an unknown finding (or one the unit may not know of) is
 * 404; every other rule of the finding decider and the shared measure rules is 422, as are a unit
 * named that is not registered or retired, a case or campaign named as the source that does not
 * exist, and a due date the calendar cannot count.
 */
export const FINDING_PROBLEMS: ProblemCodes = aggregateProblems(FindingErrors.FINDING_NOT_FOUND, FindingErrors, [
  UnitErrors.UNIT_NOT_FOUND,
  UnitErrors.UNIT_RETIRED,
  CaseErrors.CASE_NOT_FOUND,
  CALENDAR_YEAR_MISSING,
  // A raisedAt or a measure's due date that is no date (the decider's defence; the DTO answers 400 first).
  INVALID_DATE,
  // 问责 on a finding: the forms' rule is the case's (case/accountability-forms.ts).
  CaseErrors.ACCOUNTABILITY_FORMS_EMPTY,
  CaseErrors.ACCOUNTABILITY_FORM_NOT_FOR_TARGET,
]);

/** Raising's answer: 201 with the new finding and its Location. */
export const FINDING_RAISED_ANSWER = commandAnswer(201, COMMAND_RESULT, ['Location']);

/** A command on an existing finding: POST `path`, 200, for `roles`, with the finding's problems. */
export const FindingCommandRoute = CommandRouteWith(FINDING_PROBLEMS);

/**
 * A command on one of its measures (`:id/measures/:mid/…`): the measure is the path's too, 404
 * MEASURE_NOT_FOUND when the finding has none of that id, whatever its state (a withdrawn finding
 * too); an existing measure of a withdrawn finding is 422 FINDING_WITHDRAWN.
 */
export const MeasureCommandRoute = CommandRouteWith({
  ...FINDING_PROBLEMS,
  404: [FindingErrors.FINDING_NOT_FOUND, MeasureErrors.MEASURE_NOT_FOUND],
});

const MEASURE = S.object({
  ...MEASURE_PLAN_FIELDS,
  sizeClass: S.enum(SIZE_CLASSES),
  category: S.string(),
  status: S.enum(MEASURE_STATUSES),
  completedAt: {
    ...S.nullable(S.instant()),
    description:
      'When the completion report that stands was made (reported, verified, re-checked); null while the work is owed: ' +
      'planned, in progress, rejected at 验收, reopened (as the ledger’s reportedAt)',
  },
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
