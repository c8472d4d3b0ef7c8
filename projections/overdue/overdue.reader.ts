import type { DeadlineKind, LocalDate, SupervisionLevel, UnitRole, WorkingCalendar } from '@app/domain';
import { DEADLINE_KINDS, isLocalDate } from '@app/domain';
import { decodeCursor, readPage, UUID, type Page } from '../runner/keyset';
import type { Queryable } from '../runner/read-model-query';
import { isoInstantSql } from '../runner/row-values';
import { WhereClause } from '../runner/where-clause';
import { CARDS, standingOf, type Card, type DeadlineStanding } from './deadline-standing';

/** The read model's name: its checkpoint, its rebuild, its errors. */
export const OVERDUE_READ_MODEL = 'overdue';
/** Its views: one row per case, and one per case, unit and deadline kind. Only this reader reads them. */
export const OVERDUE_CASES_TABLE = 'overdue_cases';
export const OVERDUE_DEADLINES_TABLE = 'overdue_deadlines';

/** A unit id in a cursor: what X-Unit accepts. */
const UNIT_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** Which open deadlines: red, or yellow within the warning window, counted on `calendar` against `today`. */
export interface OverdueFilter {
  /** Today in Beijing. */
  today: LocalDate;
  /** The working calendar in force (holidays and 调休 make-up days). */
  calendar: WorkingCalendar;
  /** Yellow when due within this many working days (0: due today). */
  warningWorkingDays: number;
  card?: Card;
  /** The unit a unit caller is confined to (null: not confined). */
  unitScope: string | null;
  unitId?: string;
  kind?: DeadlineKind;
  /** Also the open deadlines due after the warning window (green); ignored with `card`. */
  upcoming?: boolean;
  cursor?: string;
  limit?: number;
}

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

export interface OverduePage extends Page<OverdueItem> {
  /** Today in Beijing, by the server's clock: what red and yellow are counted against. */
  today: LocalDate;
  warningWorkingDays: number;
}

/** The overdue list (超期/临期清单, 红黄牌): most working days overdue first (by due date), then case, unit and kind. */
export class OverdueReader {
  constructor(private readonly db: Queryable) {}

  async page(f: OverdueFilter): Promise<OverduePage> {
    const { today, calendar, warningWorkingDays } = f;
    // Counting working days is monotonic in the due date, so the window is a date range and the
    // order "most working days overdue first" is the order of due dates: both stay in SQL.
    const warnUntil = calendar.addWorkingDays(today, warningWorkingDays);
    const where = new WhereClause();
    const p = where.param;
    where.add('d.open');
    if (!f.upcoming || f.card) where.add(`d.due_date <= ${p(warnUntil)}::date`);
    if (f.card === 'red') where.add(`d.due_date < ${p(today)}::date`);
    if (f.card === 'yellow') where.add(`d.due_date >= ${p(today)}::date`);
    if (f.unitScope) where.add(`d.unit_id = ${p(f.unitScope)}`);
    if (f.unitId) where.add(`d.unit_id = ${p(f.unitId)}`);
    if (f.kind) where.add(`d.kind = ${p(f.kind)}`);
    if (f.cursor) {
      const [due, caseId, unitId, kind] = decodeCursor(f.cursor, [
        isLocalDate,
        (s) => UUID.test(s),
        (s) => UNIT_ID.test(s),
        (s) => (DEADLINE_KINDS as readonly string[]).includes(s),
      ]);
      where.add(`(d.due_date, d.case_id, d.unit_id, d.kind) > (${p(due)}::date, ${p(caseId)}::uuid, ${p(unitId)}, ${p(kind)})`);
    }
    const page = await readPage(this.db, OVERDUE_READ_MODEL, {
      sql: `SELECT ${ITEM_COLUMNS}
              FROM ${OVERDUE_DEADLINES_TABLE} d JOIN ${OVERDUE_CASES_TABLE} c USING (case_id)
             ${where.sql}
             ORDER BY d.due_date, d.case_id, d.unit_id, d.kind`,
      params: where.params,
      limit: f.limit,
      toItem: (r) => toItem(r, standingOf(calendar, r.due as string, today), (r.due as string) > warnUntil),
      keyOf: (r) => [r.due, r.case_id, r.unit_id, r.kind] as string[],
      // Planning the join cost more than running it (0.18 against 0.1 ms): named, planned once per connection.
      prepared: true,
    });
    return { today, warningWorkingDays, ...page };
  }
}

/**
 * What an item shows, days and instants as the text it carries (formatted by PostgreSQL: node-pg
 * would parse each into a Date only for it to be formatted again). Every column cast to the type the
 * item reads, as a prepared page needs (runner/read-model-query.ts): a later version of the tables
 * may change a column's type without changing the statement's result.
 */
const ITEM_COLUMNS = [
  'd.case_id::text AS case_id, d.unit_id::text AS unit_id, d.kind::text AS kind, d.unit_role::text AS unit_role',
  'd.responsible_leader::text AS responsible_leader, d.round::integer AS round, d.deadline_passed::boolean AS deadline_passed',
  'd.supervision_count::integer AS supervision_count, d.supervision_level::text AS supervision_level',
  'd.extension_times::integer AS extension_times, d.extension_working_days::integer AS extension_working_days',
  `d.due_date::text AS due, d.due_before_extension::text AS due_before, ${isoInstantSql('d.last_supervised_at')}::text AS last_supervised_iso`,
  'c.title::text AS title, c.category::text AS category, c.urgency::text AS urgency',
].join(', ');

function toItem(r: Record<string, unknown>, standing: DeadlineStanding, beyondWindow: boolean): OverdueItem {
  const extended = (r.extension_times as number) > 0;
  return {
    caseId: r.case_id as string,
    title: r.title as string,
    category: r.category as string,
    urgency: r.urgency as string,
    round: r.round as number,
    unitId: r.unit_id as string,
    unitRole: r.unit_role as UnitRole,
    responsibleLeader: r.responsible_leader as string,
    kind: r.kind as DeadlineKind,
    dueDate: r.due as string,
    ...standing,
    card: beyondWindow ? 'green' : standing.card,
    deadlinePassedRecorded: r.deadline_passed as boolean,
    supervision: {
      count: r.supervision_count as number,
      level: r.supervision_level as SupervisionLevel | null,
      lastIssuedAt: r.last_supervised_iso as string | null,
    },
    extension: extended
      ? { times: r.extension_times as number, grantedWorkingDays: r.extension_working_days as number, previousDue: r.due_before as string }
      : null,
  };
}
