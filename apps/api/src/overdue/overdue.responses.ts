import { DEADLINE_KINDS, MEASURE_DEADLINE_KINDS, SUPERVISION_LEVELS, UNIT_ROLES, URGENCIES } from '@app/domain';
import { CARDS } from '@app/projections/overdue/deadline-standing';
import { LISTED_CARDS } from '@app/projections/overdue/overdue.reader';
import { defineSchema, pageOf, S } from '../common/api-contract';
import { MEASURE_IDENTITY } from '../rectifications/rectifications.responses';

/** A page of the overdue list (OverduePage, projections/overdue). */
export const OVERDUE_PAGE = defineSchema(
  'OverduePage',
  pageOf(
    S.object({
      caseId: S.string(),
      title: S.string(),
      category: S.string(),
      urgency: S.enum(URGENCIES),
      round: S.integer({ minimum: 1 }),
      unitId: S.string(),
      unitRole: S.enum(UNIT_ROLES),
      responsibleLeader: S.string(),
      kind: S.enum(DEADLINE_KINDS),
      dueDate: S.date(),
      card: S.enum(LISTED_CARDS),
      workingDaysOverdue: S.integer({ minimum: 0 }),
      workingDaysLeft: S.integer({ minimum: 0 }),
      deadlinePassedRecorded: S.boolean(),
      supervision: S.object({
        count: S.integer({ minimum: 0 }),
        level: S.nullable(S.enum(SUPERVISION_LEVELS)),
        lastIssuedAt: S.nullable(S.instant()),
      }),
      extension: S.nullable(S.object({ times: S.integer(), grantedWorkingDays: S.integer(), previousDue: S.date() })),
    }),
    { today: S.date(), warningWorkingDays: S.integer() },
  ),
);

/** A page of the measures' red and yellow cards (OverdueMeasuresPage). */
export const OVERDUE_MEASURES_PAGE = defineSchema(
  'OverdueMeasuresPage',
  pageOf(
    S.object({
      kind: S.enum(MEASURE_DEADLINE_KINDS),
      ...MEASURE_IDENTITY,
      dueDate: S.date(),
      card: S.enum(CARDS),
      workingDaysOverdue: S.integer({ minimum: 0 }),
      workingDaysLeft: S.integer({ minimum: 0 }),
      deadlinePassedRecorded: S.boolean(),
    }),
    { today: S.date(), warningWorkingDays: S.integer() },
  ),
);
