import type { DeadlineKind, LocalDate, WorkingCalendar } from '@app/domain';
import { DEADLINE_KINDS, isLocalDate } from '@app/domain';
import { filtersTag, isTag } from '../cursor-filters';
import { decodeCursor, readPage, UUID, type Page } from '../runner/keyset';
import type { Queryable } from '../runner/read-model-query';
import { WhereClause } from '../runner/where-clause';
import { standingOf, type Card } from './deadline-standing';
import { itemJson, type OverdueItem } from './overdue.item';

export { LISTED_CARDS, type ListedCard, type OverdueItem } from './overdue.item';

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

export interface OverduePage extends Page<OverdueItem> {
  /** Today in Beijing, by the server's clock: what red and yellow are counted against. */
  today: LocalDate;
  warningWorkingDays: number;
}

/** A page with each item as its JSON text (overdue.item.ts), as the API sends it. */
export interface OverdueJsonPage extends Page<string> {
  today: LocalDate;
  warningWorkingDays: number;
}

/** The items of a page as objects (the export's rows). */
export function overdueItems(page: OverdueJsonPage): OverduePage {
  return { ...page, items: page.items.map((item) => JSON.parse(item) as OverdueItem) };
}

/** The overdue list (超期/临期清单, 红黄牌): most working days overdue first (by due date), then case, unit and kind. */
export class OverdueReader {
  constructor(private readonly db: Queryable) {}

  async page(f: OverdueFilter): Promise<OverduePage> {
    return overdueItems(await this.pageJson(f));
  }

  /** The same page with each item as the JSON text the API sends: the rows store most of it (overdue.item.ts). */
  async pageJson(f: OverdueFilter): Promise<OverdueJsonPage> {
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
    // The cursor names the filters it was handed out with (cursor-filters.ts): in another list it
    // would be read as a place there, skipping that list's rows before it. Not today nor the
    // calendar, which the request does not choose (a list read across midnight goes on), nor
    // `upcoming` beside a card, which it ignores.
    const tag = filtersTag(OVERDUE_READ_MODEL, {
      card: f.card,
      unitScope: f.unitScope,
      unitId: f.unitId,
      kind: f.kind,
      warningWorkingDays,
      upcoming: f.card ? undefined : f.upcoming,
    });
    if (f.cursor) {
      const [, due, caseId, unitId, kind] = decodeCursor(
        f.cursor,
        [isTag(tag), isLocalDate, (s) => UUID.test(s), (s) => UNIT_ID.test(s), (s) => (DEADLINE_KINDS as readonly string[]).includes(s)],
        'cursor must be a nextCursor returned by this list with these filters',
      );
      where.add(`(d.due_date, d.case_id, d.unit_id, d.kind) > (${p(due)}::date, ${p(caseId)}::uuid, ${p(unitId)}, ${p(kind)})`);
    }
    const page = await readPage(this.db, OVERDUE_READ_MODEL, {
      sql: `SELECT ${ITEM_COLUMNS}
              FROM ${OVERDUE_DEADLINES_TABLE} d JOIN ${OVERDUE_CASES_TABLE} c USING (case_id)
             ${where.sql}
             ORDER BY d.due_date, d.case_id, d.unit_id, d.kind`,
      params: where.params,
      limit: f.limit,
      toItem: (r) => {
        const standing = standingOf(calendar, r.due as string, today);
        const card = (r.due as string) > warnUntil ? 'green' : standing.card;
        return itemJson(r.case_members as string, r.deadline_members as string, { ...standing, card });
      },
      keyOf: (r) => [tag, r.due, r.case_id, r.unit_id, r.kind] as string[],
      // Planning the join cost more than running it (0.18 against 0.1 ms): named, planned once per connection.
      prepared: true,
    });
    return { today, warningWorkingDays, ...page };
  }
}

/**
 * What a row gives a page: its item's stored members, and the due day (the standing is judged on it)
 * and the sort key's other columns. Every column cast to the type the item reads, as a prepared page
 * needs (runner/read-model-query.ts): a later version of the tables may change a column's type
 * without changing the statement's result.
 */
const ITEM_COLUMNS = [
  'c.item_members::text AS case_members, d.item_members::text AS deadline_members',
  'd.due_date::text AS due, d.case_id::text AS case_id, d.unit_id::text AS unit_id, d.kind::text AS kind',
].join(', ');
