import { applyDecorators } from '@nestjs/common';
import { AppraisalInputsErrors, UnitErrors } from '@app/domain';
import { codesOf, defineSchema, Problems, S, type Schema } from '../common/api-contract';
import { CommandRouteOf } from '../common/routes.decorator';

/** What recording an input answers (CommandResult): the stream's new version; the stream has no id of its own. */
export const INPUT_RECORDED = defineSchema(
  'AppraisalInputRecorded',
  S.object({ version: S.integer({ minimum: 1 }), position: S.nullable(S.position()) }),
);

/** Recording one input, the admin only: the decider's rules, a retired unit, and 404 for a unit not registered (the path's). */
export const InputRoute = (path: string) =>
  applyDecorators(
    CommandRouteOf(path, ['admin'], INPUT_RECORDED),
    Problems({ 404: [UnitErrors.UNIT_NOT_FOUND], 422: [...codesOf(AppraisalInputsErrors), UnitErrors.UNIT_RETIRED] }),
  );

/**
 * 撤销扣分, the admin only, as recording one: the decider's rules and a retired unit 422; 404 for a
 * unit not registered and for a deduction not recorded in the unit's year (both the path's).
 */
export const WithdrawalRoute = (path: string) =>
  applyDecorators(
    CommandRouteOf(path, ['admin'], INPUT_RECORDED),
    Problems({
      404: [UnitErrors.UNIT_NOT_FOUND, AppraisalInputsErrors.DEDUCTION_NOT_FOUND],
      422: [
        ...codesOf(AppraisalInputsErrors).filter((code) => code !== AppraisalInputsErrors.DEDUCTION_NOT_FOUND),
        UnitErrors.UNIT_RETIRED,
      ],
    }),
  );

const RECORDED_SCORE = S.nullable(
  S.object({ score: S.number(), sampleSize: S.nullable(S.integer()), note: S.nullable(S.string()), revision: S.integer({ minimum: 1 }) }),
);

const DEDUCTION_COMMON = {
  deductionId: S.string(),
  points: S.number(),
  reason: S.string(),
  occurredOn: S.date(),
  /** The ledger's finding the deduction cites, when it cites one. */
  findingId: S.string(),
};
/** A deduction that cites no finding has no `findingId`. */
const DEDUCTION_OPTIONAL = ['findingId'];
/** A deduction of either kind, as recorded; `extra`: more members (a withdrawn one's `withdrawal`). */
const deductionOf = (extra: Record<string, Schema> = {}): Schema => ({
  oneOf: [
    S.object(
      { kind: S.enum(['conduct']), personTimes: S.integer(), pointsPerPersonTime: S.number(), ...DEDUCTION_COMMON, ...extra },
      DEDUCTION_OPTIONAL,
    ),
    S.object({ kind: S.enum(['lapse']), count: S.integer(), ...DEDUCTION_COMMON, ...extra }, DEDUCTION_OPTIONAL),
  ],
});

/** One unit's inputs for a year (AppraisalInputsView). */
export const APPRAISAL_INPUTS = defineSchema(
  'AppraisalInputs',
  S.object({
    unitId: S.string(),
    year: S.integer(),
    version: S.integer({ minimum: 0 }),
    inputs: S.object({
      unitId: S.nullable(S.string()),
      year: S.nullable(S.integer()),
      survey: RECORDED_SCORE,
      concentratedEvaluation: RECORDED_SCORE,
      onlineVote: RECORDED_SCORE,
      /** The deductions that count. */
      deductions: S.array(deductionOf()),
      deductedPoints: S.number(),
      /** The deductions withdrawn (撤销扣分): they count nowhere; their ids stay taken. */
      withdrawnDeductions: S.array(deductionOf({ withdrawal: S.object({ reason: S.string() }) })),
    }),
  }),
);
