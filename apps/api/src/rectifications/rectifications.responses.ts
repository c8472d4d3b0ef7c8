import { MEASURE_STATUSES } from '@app/projections/rectifications/rectifications.reader';
import { defineSchema, pageOf, S } from '../common/api-contract';

/** A page of the rectification tracker (RectificationPage, projections/rectifications). */
export const RECTIFICATION_PAGE = defineSchema(
  'RectificationPage',
  pageOf(
    S.object({
      caseId: S.string(),
      measureId: S.string(),
      description: S.string(),
      responsibleUnitId: S.string(),
      responsibleLeader: S.string(),
      leadUnitId: S.string(),
      dueDate: S.date(),
      status: S.enum(MEASURE_STATUSES),
      timesReported: S.integer({ minimum: 0 }),
      timesRejected: S.integer({ minimum: 0 }),
      plannedAt: S.instant(),
      updatedAt: S.instant(),
    }),
    { today: S.date() },
  ),
);
