import { CHANNELS, URGENCIES } from '@app/domain';
import { defineSchema, pageOf, S } from '../common/api-contract';

/** A page of the case list (CaseListPage, projections/case-list). */
export const CASE_LIST_PAGE = defineSchema(
  'CaseListPage',
  pageOf(
    S.object({
      id: S.string(),
      version: S.integer({ minimum: 1 }),
      status: S.enum(['filed', 'accepted', 'rejected', 'in_progress', 'closed']),
      channel: S.enum(CHANNELS),
      category: S.string(),
      urgency: S.enum(URGENCIES),
      title: S.string(),
      complainedUnitId: S.string(),
      leadUnitId: S.nullable(S.string()),
      unitIds: S.array(S.string()),
      receivedAt: S.instant(),
      signForDue: S.nullable(S.date()),
      handlingDue: S.nullable(S.date()),
      extended: S.boolean(),
      overdue: S.boolean(),
      round: S.integer({ minimum: 1 }),
      closedAt: S.nullable(S.instant()),
    }),
  ),
);
