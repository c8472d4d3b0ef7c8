import { ACCOUNTABILITY_FORMS } from '@app/domain';
import { defineSchema, pageOf, S } from '../common/api-contract';

const FORM = S.enum(ACCOUNTABILITY_FORMS);

/** A page of the accountability register (AccountabilityPage, projections/accountability). */
export const ACCOUNTABILITY_PAGE = defineSchema(
  'AccountabilityPage',
  pageOf(
    S.object({
      caseId: S.nullable(S.string()),
      findingId: S.nullable(S.string()),
      accountabilityId: S.string(),
      target: {
        oneOf: [
          S.object({ kind: S.enum(['organisation']), unitId: S.string() }),
          S.object({ kind: S.enum(['person']), unitId: S.string(), name: S.string(), position: S.string() }),
        ],
      },
      forms: S.array(FORM),
      basis: S.object({ facts: S.string(), rule: S.string() }),
      issuedAt: S.instant(),
      year: S.integer(),
      issuedBy: S.string(),
    }),
  ),
);

/** A year of accountability (AccountabilitySummary). */
export const ACCOUNTABILITY_SUMMARY = defineSchema(
  'AccountabilitySummary',
  S.object({
    year: S.integer(),
    entries: S.integer({ minimum: 0 }),
    byForm: S.array(S.object({ form: FORM, entries: S.integer({ minimum: 0 }) })),
    byUnit: S.array(
      S.object({
        unitId: S.string(),
        entries: S.integer({ minimum: 0 }),
        againstOrganisation: S.integer({ minimum: 0 }),
        againstPersons: S.integer({ minimum: 0 }),
      }),
    ),
  }),
);
