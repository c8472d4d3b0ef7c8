import type { DeadlineKind, LocalDate, SupervisionLevel, UnitRole } from '@app/domain';
import { CARDS, type DeadlineStanding } from './deadline-standing';

/** 绿 (green): open, due after the warning window; listed only when asked for (`upcoming`). */
export const LISTED_CARDS = [...CARDS, 'green'] as const;
export type ListedCard = (typeof LISTED_CARDS)[number];

/** One open deadline of one unit on one case, red or yellow today (green too when `upcoming`). */
export interface OverdueItem extends Omit<DeadlineStanding, 'card'> {
  card: ListedCard;
  caseId: string;
  title: string;
  category: string;
  urgency: string;
  /** 1, or more after reopening (重办). */
  round: number;
  unitId: string;
  unitRole: UnitRole;
  responsibleLeader: string;
  kind: DeadlineKind;
  dueDate: LocalDate;
  /** The deadline scheduler has recorded DeadlinePassed for this due date. */
  deadlinePassedRecorded: boolean;
  /** Supervision issued to the unit since this deadline was set: how often, and the highest level. */
  supervision: { count: number; level: SupervisionLevel | null; lastIssuedAt: string | null };
  /** Extensions (延期) granted on this deadline: total working days and the due date before the first. */
  extension: { times: number; grantedWorkingDays: number; previousDue: LocalDate } | null;
}

/** The columns of a case's row an item shows. */
export interface OverdueCaseColumns {
  case_id: string;
  title: string;
  category: string;
  urgency: string;
}

/** The columns of a deadline's row an item shows (days and instants as ISO text, in any offset). */
export interface OverdueDeadlineColumns {
  unit_id: string;
  kind: string;
  unit_role: string;
  responsible_leader: string;
  due_date: string;
  round: number;
  deadline_passed: boolean;
  supervision_count: number;
  supervision_level: string | null;
  last_supervised_at: string | null;
  extension_times: number;
  extension_working_days: number;
  due_before_extension: string | null;
}

// A page of the overdue list is its items' JSON, rendered as the rows are written rather than on
// every request: the case's row stores the members it gives every item of the case, the open
// deadline's row its own (`item_members`, JSON members without braces), and the reader adds the
// standing, the one part judged on today's date. A page then costs the API two text columns a row
// instead of parsing, mapping and serialising fifteen (bench/JOURNAL.md, 3 December).

/** The members of an item its case gives: what `overdue_cases.item_members` stores. */
export function caseMembers(row: OverdueCaseColumns): string {
  return members({ caseId: row.case_id, title: row.title, category: row.category, urgency: row.urgency });
}

/** The members of an item its deadline gives: what `overdue_deadlines.item_members` stores while it is open. */
export function deadlineMembers(row: OverdueDeadlineColumns): string {
  const item: Omit<OverdueItem, keyof DeadlineStanding | 'caseId' | 'title' | 'category' | 'urgency'> = {
    round: row.round,
    unitId: row.unit_id,
    unitRole: row.unit_role as UnitRole,
    responsibleLeader: row.responsible_leader,
    kind: row.kind as DeadlineKind,
    dueDate: day(row.due_date),
    deadlinePassedRecorded: row.deadline_passed,
    supervision: {
      count: row.supervision_count,
      level: row.supervision_level as SupervisionLevel | null,
      lastIssuedAt: row.last_supervised_at === null ? null : new Date(row.last_supervised_at).toISOString(),
    },
    extension:
      row.extension_times > 0
        ? { times: row.extension_times, grantedWorkingDays: row.extension_working_days, previousDue: day(row.due_before_extension!) }
        : null,
  };
  return members(item);
}

/** The item's JSON: its case's and its deadline's stored members, and its standing today. */
export function itemJson(ofCase: string, ofDeadline: string, standing: Omit<DeadlineStanding, 'card'> & { card: ListedCard }): string {
  return `{${ofCase},${ofDeadline},"card":"${standing.card}","workingDaysOverdue":${standing.workingDaysOverdue},"workingDaysLeft":${standing.workingDaysLeft}}`;
}

/** An object's members as JSON text, without its braces. */
function members(object: object): string {
  return JSON.stringify(object).slice(1, -1);
}

/** A day as the API writes it, `2026-09-24`, as PostgreSQL's `date` keeps it from the text it was given. */
function day(text: string): LocalDate {
  return text.slice(0, 10);
}
