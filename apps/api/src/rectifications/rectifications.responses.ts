import { SIZE_CLASSES } from '@app/domain';
import { MEASURE_HOLDER_KINDS, MEASURE_STATUSES } from '@app/projections/rectifications/rectifications.reader';
import { defineSchema, pageOf, S } from '../common/api-contract';

/** What names a measure of the ledger, its holder and who answers for it, wherever one is listed. */
export const MEASURE_IDENTITY = {
  holderKind: S.enum(MEASURE_HOLDER_KINDS),
  caseId: S.nullable(S.string()),
  findingId: S.nullable(S.string()),
  measureId: S.string(),
  description: S.string(),
  responsibleUnitId: S.string(),
  responsibleLeader: S.string(),
  leadUnitId: S.nullable(
    S.string({
      description:
        'The case’s lead unit now (null while its lead has disputed the dispatch and none is named yet), the unit a finding is against',
    }),
  ),
  campaignId: S.nullable(S.string()),
};

/** A page of the ledger (RectificationPage, projections/rectifications): the measures of cases and of findings. */
export const RECTIFICATION_PAGE = defineSchema(
  'RectificationPage',
  pageOf(
    S.object({
      ...MEASURE_IDENTITY,
      problem: S.nullable(
        S.string({
          description:
            'The problem the measure rectifies (问题): its finding’s description or its case’s title; null to a unit for a case it does not lead',
        }),
      ),
      findingCategory: S.nullable(S.string()),
      sizeClass: S.nullable(S.enum(SIZE_CLASSES)),
      measureCategory: S.nullable(S.string()),
      dueDate: S.date(),
      dueCarded: S.boolean(),
      status: S.enum(MEASURE_STATUSES),
      progress: S.nullable(S.string()),
      reportedAt: {
        ...S.nullable(S.instant()),
        description:
          'When the completion report that stands was made (reported, verified, re-checked); null while the work is owed: ' +
          'planned, in progress, rejected at 验收 (the rejected report is counted in timesReported and timesRejected), reopened',
      },
      verdict: S.nullable(S.string()),
      recheckDue: S.nullable(S.date()),
      recheckCarded: S.boolean(),
      timesReported: S.integer({ minimum: 0 }),
      timesRejected: S.integer({ minimum: 0 }),
      plannedAt: S.instant(),
      updatedAt: S.instant(),
    }),
    { today: S.date() },
  ),
);
