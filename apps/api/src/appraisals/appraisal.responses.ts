import { AppraisalInputsErrors, CASE_INDICATORS, SCHEME_INPUTS, UNIT_KINDS } from '@app/domain';
import { defineSchema, pageOf, S, type ProblemCodes, type Schema } from '../common/api-contract';

/**
 * A year of the appraisal's results (the table, its export, a unit's breakdown and its pages) that
 * has not begun in Beijing: 422 naming `year`, not a table of full scores as if appraised.
 */
export const APPRAISAL_YEAR_PROBLEMS: ProblemCodes = { 422: [AppraisalInputsErrors.APPRAISAL_YEAR_IN_FUTURE] };

const SCHEME_REF = S.object({ version: S.string(), revision: S.nullable(S.integer({ minimum: 1 })) });
const EVENT_REF = S.object({ eventId: S.string(), streamId: S.string(), streamVersion: S.integer({ minimum: 1 }) });
const EVENTS = S.array(EVENT_REF);

/** The fields a unit's appraisal and its row of the table share (UnitAppraisal, libs/domain). */
const SCORED = {
  unitId: S.string(),
  status: S.enum(['complete', 'incomplete']),
  missing: S.array(S.enum(SCHEME_INPUTS)),
  weightedPoints: S.number(),
  deductedPoints: S.number(),
  score: S.nullable(S.number()),
  grade: S.nullable(S.string()),
  belowThreshold: S.boolean(),
  consequence: S.nullable(S.string()),
  name: S.string(),
  rank: S.nullable(S.integer({ minimum: 1 })),
};

/** The year's table (AppraisalTable). */
export const APPRAISAL_TABLE = defineSchema(
  'AppraisalTable',
  S.object({ year: S.integer(), scheme: SCHEME_REF, units: S.array(S.object({ ...SCORED, kind: S.enum(UNIT_KINDS) })) }),
);

const INPUT_COMPONENT = S.object({
  component: S.enum(SCHEME_INPUTS),
  source: S.enum(['input']),
  label: S.string(),
  weight: S.number(),
  status: S.enum(['recorded', 'missing']),
  score: S.nullable(S.number()),
  points: S.number(),
  record: S.nullable(
    S.object({
      score: S.number(),
      sampleSize: S.nullable(S.integer()),
      note: S.nullable(S.string()),
      revision: S.integer({ minimum: 1 }),
      event: EVENT_REF,
      // The records this one corrected, oldest first: each event with what it recorded.
      superseded: S.array(
        S.object({
          eventId: S.string(),
          streamId: S.string(),
          streamVersion: S.integer({ minimum: 1 }),
          score: S.number(),
          sampleSize: S.nullable(S.integer()),
          note: S.nullable(S.string()),
          revision: S.integer({ minimum: 1 }),
        }),
      ),
    }),
  ),
});

const INDICATOR_COMPONENT = S.object({
  indicator: S.enum(CASE_INDICATORS),
  numerator: S.integer({ minimum: 0 }),
  denominator: S.integer({ minimum: 0 }),
  ratePercent: S.nullable(S.number()),
  score: S.number(),
  definition: S.object({ numerator: S.string(), denominator: S.string() }),
  component: S.enum(CASE_INDICATORS),
  source: S.enum(['cases']),
  label: S.string(),
  weight: S.number(),
  status: S.enum(['scored', 'not_scored']),
  points: S.number(),
});

const INSPECTION = {
  source: S.enum(['inspection']),
  deductionId: S.string(),
  reason: S.string(),
  occurredOn: S.date(),
  points: S.number(),
  /** The ledger's finding the deduction cites, when it cites one. */
  findingId: S.string(),
};
/** An accountability decision as a deduction item (accountabilityItem, libs/domain). */
const ACCOUNTABILITY_ITEM: Schema = {
  ...S.object(
    {
      source: S.enum(['accountability']),
      accountabilityId: S.string(),
      caseId: S.nullable(
        S.string({
          description:
            'The case the decision was issued on; absent when issued on a finding; null to a unit reading its own breakdown ' +
            'when the case is one it was never notified of (it was the unit complained about), which to it does not exist',
        }),
      ),
      findingId: S.string({ description: 'The finding of the ledger (问题) the decision was issued on; absent when issued on a case' }),
      forms: S.array(S.string()),
      points: S.number(),
      events: {
        ...EVENTS,
        description: 'The AccountabilityIssued event, in the stream of its case or finding; empty where `caseId` is null',
      },
    },
    ['caseId', 'findingId'],
  ),
  description:
    'An accountability decision (问责) against the unit, on a case or on a finding: exactly one of caseId and findingId is present. ' +
    'To a unit, a decision on a case it was never notified of is the decision alone: `caseId` null, no events',
  oneOf: [{ required: ['caseId'] }, { required: ['findingId'] }],
};

const DEDUCTION_ITEM: Schema = {
  oneOf: [
    S.object({ kind: S.enum(['conduct']), personTimes: S.integer(), pointsPerPersonTime: S.number(), ...INSPECTION, events: EVENTS }, [
      'findingId',
    ]),
    S.object({ kind: S.enum(['lapse']), count: S.integer(), ...INSPECTION, events: EVENTS }, ['findingId']),
    ACCOUNTABILITY_ITEM,
  ],
};

/**
 * An inspection deduction withdrawn (撤销扣分, WithdrawnDeductionItem): its points as recorded, counted
 * nowhere; its events are the one that recorded it and the one that withdrew it.
 */
const WITHDRAWN = { ...INSPECTION, withdrawal: S.object({ reason: S.string() }), events: EVENTS };
const WITHDRAWN_DEDUCTION_ITEM: Schema = {
  oneOf: [
    S.object({ kind: S.enum(['conduct']), personTimes: S.integer(), pointsPerPersonTime: S.number(), ...WITHDRAWN }, ['findingId']),
    S.object({ kind: S.enum(['lapse']), count: S.integer(), ...WITHDRAWN }, ['findingId']),
  ],
};

/**
 * A case the unit leads as its breakdown lists it (ListedAppraisedCase): its title, its place in each indicator whose
 * denominator it is in and, when its lead missed a handling deadline, its overdue-case deduction.
 */
const APPRAISED_CASE = S.object({
  caseId: S.string(),
  title: S.string({
    description: 'The title the case was filed under (from the case list; empty while the list does not hold the case yet)',
  }),
  indicators: S.array(S.object({ indicator: S.enum(CASE_INDICATORS), inNumerator: S.boolean(), events: EVENTS })),
  overdue: S.nullable(S.object({ points: S.number(), events: EVENTS })),
});

/** A page of the cases behind a unit's indicators and overdue deduction. */
export const APPRAISED_CASES_PAGE = defineSchema('AppraisedCasesPage', pageOf(APPRAISED_CASE));

/** A page of the accountability decisions against a unit, as its breakdown lists them. */
export const ACCOUNTABILITY_ITEMS_PAGE = defineSchema('AccountabilityItemsPage', pageOf(ACCOUNTABILITY_ITEM));

/** One unit's appraisal with its breakdown (UnitAppraisalView), the accountability decisions and the cases a page at a time. */
export const UNIT_APPRAISAL = defineSchema(
  'UnitAppraisal',
  S.object({
    ...SCORED,
    unitKind: S.enum(UNIT_KINDS),
    year: S.integer(),
    schemeVersion: S.string(),
    components: S.array({ oneOf: [INPUT_COMPONENT, INDICATOR_COMPONENT] }),
    deductions: S.array(
      S.object(
        {
          deduction: S.enum(['inspection', 'overdueCases', 'accountability']),
          label: S.string(),
          pointsEach: S.nullable(S.number()),
          points: S.number(),
          count: S.integer({ minimum: 0 }),
          items: S.array(DEDUCTION_ITEM),
          withdrawn: {
            ...S.array(WITHDRAWN_DEDUCTION_ITEM),
            description: 'Inspection only: the deductions withdrawn (撤销扣分), neither in `items` nor in `points`, `count` or the score',
          },
          nextCursor: S.nullable(
            S.string({
              description:
                'Accountability only: `items` is the first page of its decisions; the next page is at …/accountability?cursor= (null: none left)',
            }),
          ),
        },
        // The overdue cases are listed with the cases (each case's `overdue`), not here.
        ['items', 'withdrawn', 'nextCursor'],
      ),
    ),
    scheme: SCHEME_REF,
    cases: pageOf(APPRAISED_CASE),
  }),
);
