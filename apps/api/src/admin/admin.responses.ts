import { CASE_INDICATORS, SCHEME_INPUTS, UNIT_KINDS, URGENCIES } from '@app/domain';
import { defineSchema, S, type Schema } from '../common/api-contract';

/** What a calendar or time-limit publication answers (PublicationResult). */
export const PUBLICATION_RESULT = defineSchema(
  'PublicationResult',
  S.object({
    version: S.string({ description: '`2027:admin@3` for a calendar year, `time-limits@2` for the policy' }),
    position: S.position(),
    revision: S.integer({ minimum: 1 }),
  }),
);

/** A year's calendar in force (CalendarYearView). */
export const CALENDAR_YEAR = defineSchema(
  'CalendarYear',
  S.object({
    year: S.integer(),
    holidays: S.array(S.date()),
    makeUpWorkdays: S.array(S.date()),
    note: S.nullable(S.string()),
    source: S.string({ description: '`admin@3` or `chinese-days@1.5.7`' }),
    version: S.string(),
    revision: S.nullable(S.integer({ minimum: 1 })),
  }),
);

const OVERRIDE = S.object({ signForWorkingDays: S.integer(), handlingWorkingDays: S.integer() }, [
  'signForWorkingDays',
  'handlingWorkingDays',
]);

/** The time-limit policy in force (TimeLimitsView). */
export const TIME_LIMITS = defineSchema(
  'TimeLimits',
  S.object({
    version: S.string(),
    categories: S.array(S.object({ code: S.string(), label: S.string(), handlingWorkingDays: S.integer() })),
    signForWorkingDays: S.integer(),
    urgencyOverrides: S.object(Object.fromEntries(URGENCIES.map((u) => [u, OVERRIDE])), URGENCIES),
    revision: S.nullable(S.integer({ minimum: 1 })),
  }),
);

const weights = (names: readonly string[]): Schema => S.object(Object.fromEntries(names.map((n) => [n, S.number()])));

/** An appraisal scheme (AppraisalScheme, libs/domain). */
export const APPRAISAL_SCHEME = defineSchema(
  'AppraisalScheme',
  S.object({
    kinds: S.object(
      Object.fromEntries(
        UNIT_KINDS.map((kind) => [kind, S.object({ inputs: weights(SCHEME_INPUTS), indicators: weights(CASE_INDICATORS) })]),
      ),
    ),
    caseDeductions: S.object({ perOverdueCase: S.number(), perAccountability: S.number() }),
    grades: S.array(S.object({ grade: S.string(), minScore: S.number() })),
    consequence: S.object({ below: S.number(), measure: S.string() }),
    note: S.string(),
  }),
);

/** The scheme in force for a year (AppraisalSchemeInForce). */
export const APPRAISAL_SCHEME_IN_FORCE = defineSchema(
  'AppraisalSchemeInForce',
  S.object({
    year: S.integer(),
    scheme: APPRAISAL_SCHEME,
    revision: S.nullable(S.integer({ minimum: 1 })),
    version: S.string(),
  }),
);

/** What a scheme publication answers (SchemePublicationResult). */
export const SCHEME_PUBLICATION_RESULT = defineSchema(
  'SchemePublicationResult',
  S.object({ year: S.integer(), version: S.string(), revision: S.integer({ minimum: 1 }), position: S.position() }),
);
