import { filtersTag, isTag } from '../cursor-filters';
import { encodeCursor, decodeCursor, UUID, type Page } from '../runner/keyset';
import { queryReadModel, type Queryable } from '../runner/read-model-query';
import { isLocalDate, type LocalDate } from '@app/domain';
import { caseContribution, dispatchContribution, termBits, type Contribution } from './dashboard-counts';
import { figureTerm, type FigureRows, type FigureTerm, type ListedFigure, type PendingCounter, type RatePart } from './dashboard-figures';
import { DASHBOARD_CASE_UNITS_TABLE, DASHBOARD_CASES_TABLE, DASHBOARD_READ_MODEL } from './dashboard.reader';
import { CASE_LIST_TABLE } from '../case-list/case-list.reader';
import type { FactRow } from './fact-row';

/**
 * Which rows a list of a figure reads: the period and the cohort filters of the summary, and the
 * units (what each row answers for: a case its lead, a dispatch its unit): all (unitId null), one,
 * and of those, the ones `picks` picks (a kind's units, as a breakdown by kind groups them; null: no
 * unit), the unit kind asked for named (`unitKind`, for the cursor: cursor-filters.ts) beside the test.
 */
export interface FigureRowsScope {
  from: LocalDate;
  to: LocalDate;
  category: string | null;
  channel: string | null;
  unitId: string | null;
  picks: { unitKind: string; test: (unitId: string | null) => boolean | Promise<boolean> } | null;
}

/** A row a figure counts: a case, or (the response rate) a dispatch of a case to a unit. */
export interface FigureRow {
  caseId: string;
  /** The case's title, from the case list ('' for a case the list does not hold yet). */
  title: string;
  category: string;
  channel: string;
  receivedOn: LocalDate;
  status: string;
  leadUnitId: string | null;
  /** A dispatch row: the unit dispatched to, as lead or co-handler, and when. */
  dispatch: { unitId: string; role: string; notifiedOn: LocalDate; acknowledgedOn: LocalDate | null } | null;
  /**
   * Of a deadline rate (response, on-time completion): the due date in force (sign-for due; the
   * lead's handling due of the current round) and whether the row is in the numerator (met) or
   * only in the denominator (missed).
   */
  deadline: { dueOn: LocalDate | null; outcome: 'met' | 'missed' } | null;
}

/** The rates whose rows are judged by a deadline: met when the row is in the numerator. */
const DEADLINE_RATES: ReadonlySet<ListedFigure> = new Set(['responseRate', 'onTimeCompletionRate']);

/** A row read from the fact tables, and its place in the list's order (received, case, dispatch, all desc). */
interface Fact {
  caseRow: FactRow;
  dispatchRow: FactRow | null;
  title: string;
  key: [string, string, string];
}

/** Rows judged per read after the first (which reads a page and one more): a sparse figure reads its period in a few statements. */
const MAX_CHUNK = 4_096;

/**
 * The cases (or dispatches) a figure of the dashboard counts, from the same fact rows the counts are
 * made of and the same definition: each row's own counters (caseContribution, dispatchContribution,
 * as the projection counts it) put through the figure's term (dashboard-figures.ts), as of the same
 * instant; a row is listed when the term is 1 for it. Summed over the rows, the term is the figure
 * of the summed counters, so every page together is the summary's figure, for any scope, by
 * construction rather than by a second definition of it (the list's total is that figure:
 * DashboardCasesHandler).
 *
 * A page reads the rows after its cursor in the list's order, in growing chunks, until it has
 * judged one row more than the page counts or the period ends. Only rows that move a counter the
 * term reads are read (each row stores the counters it moves, `counted`): most rows read are
 * counted, so a page reads about a page, for a rare figure (overdue now) as for a common one.
 */
export class DashboardFigureRows {
  constructor(private readonly db: Queryable) {}

  async page(
    scope: FigureRowsScope,
    figure: ListedFigure,
    part: RatePart | null,
    asOf: Date,
    paging: { limit: number; cursor: string | null },
  ): Promise<Page<FigureRow> & { rows: FigureRows }> {
    // The cursor names the figure, the period and the filters it was handed out with: a key of
    // another figure's list (or another period's, unit's, …) read as a place in this one would say
    // this list's total and skip its rows before that key.
    const { from, to, category, channel, unitId } = scope;
    const tag = filtersTag(DASHBOARD_READ_MODEL, { figure, part, from, to, category, channel, unitId, unitKind: scope.picks?.unitKind });
    let after: string[] | null =
      paging.cursor === null
        ? null
        : decodeCursor(
            paging.cursor,
            [isTag(tag), isLocalDate, (s) => UUID.test(s), (s) => /^\d{1,9}$/.test(s)],
            'cursor must be a nextCursor returned by this list with this figure, period and these filters',
          ).slice(1);
    const { rows: kind, term } = figureTerm(figure, part);
    const numerator = DEADLINE_RATES.has(figure) ? figureTerm(figure, 'numerator').term : null;
    const bits = termBits(term);
    const counted: Array<{ key: [string, string, string]; row: FigureRow }> = [];
    let chunk = paging.limit + 1;
    while (counted.length <= paging.limit) {
      const facts = await this.facts(kind, bits, scope, after, chunk);
      for (const fact of facts) {
        const row = await this.judge(fact, scope, term, numerator, asOf);
        if (row) counted.push({ key: fact.key, row });
        if (counted.length > paging.limit) break;
      }
      if (facts.length < chunk) break;
      after = facts[facts.length - 1].key;
      chunk = Math.min(chunk * 4, MAX_CHUNK);
    }
    const page = counted.slice(0, paging.limit);
    const last = page[page.length - 1];
    return {
      rows: kind,
      items: page.map(({ row }) => row),
      nextCursor: counted.length > paging.limit && last ? encodeCursor([tag, ...last.key]) : null,
    };
  }

  /** The row as the list shows it when the figure's term counts it (is 1 for it); null when it does not. */
  private async judge(
    { caseRow, dispatchRow, title }: Fact,
    scope: FigureRowsScope,
    term: FigureTerm,
    numerator: FigureTerm | null,
    asOf: Date,
  ): Promise<FigureRow | null> {
    if (scope.picks && !(await scope.picks.test(((dispatchRow ? dispatchRow.unit_id : caseRow.lead_unit_id) as string | null) ?? null)))
      return null;
    const contribution = dispatchRow ? dispatchContribution(dispatchRow) : caseContribution(caseRow);
    const [n, reached] = termInputs(contribution, asOf);
    if (term(n, reached) !== 1) return null;
    const met = numerator ? numerator(n, reached) === 1 : null;
    return {
      caseId: caseRow.case_id as string,
      title,
      category: caseRow.category as string,
      channel: caseRow.channel as string,
      receivedOn: caseRow.received_on as string,
      status: caseRow.status as string,
      leadUnitId: (caseRow.lead_unit_id as string | null) ?? null,
      dispatch: dispatchRow
        ? {
            unitId: dispatchRow.unit_id as string,
            role: dispatchRow.role as string,
            notifiedOn: dispatchRow.notified_on as string,
            acknowledgedOn: (dispatchRow.acknowledged_on as string | null) ?? null,
          }
        : null,
      deadline:
        met === null
          ? null
          : {
              dueOn: ((dispatchRow ? dispatchRow.sign_for_due : caseRow.handling_due) as string | null) ?? null,
              outcome: met ? 'met' : 'missed',
            },
    };
  }

  /**
   * Up to `limit` fact rows of the scope after the key `after` (null: from the start) that move one
   * of the counters `bits` (termBits: the rows the term may count), as the projection reads them
   * (to_json), in the list's order, each with its case's title from the case list (read in the same
   * statement: the page needs no second round trip for it). The received date's own bound lets the
   * received_on index (or the lead's) start at the cursor; the row comparison then skips what the
   * previous chunk or page already judged on that day.
   */
  private async facts(
    kind: FigureRows,
    bits: number,
    scope: FigureRowsScope,
    after: readonly string[] | null,
    limit: number,
  ): Promise<Fact[]> {
    const params: unknown[] = [scope.from, scope.to, scope.category, scope.channel, limit, bits];
    const cohort = `c.received_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR c.category = $3::text) AND ($4::text IS NULL OR c.channel = $4::text)`;
    const conditions = [cohort, `(${kind === 'dispatch' ? 'u' : 'c'}.counted & $6::integer) <> 0`];
    if (scope.unitId !== null) {
      params.push(scope.unitId);
      conditions.push(`${kind === 'dispatch' ? 'u.unit_id' : 'c.lead_unit_id'} = $${params.length}::text`);
    }
    if (after !== null) {
      params.push(after[0], after[1]);
      const [day, caseId] = [`$${params.length - 1}::date`, `$${params.length}::uuid`];
      if (kind === 'dispatch') {
        params.push(Number(after[2]));
        conditions.push(
          `c.received_on <= ${day} AND (c.received_on, c.case_id, u.notified_version) < (${day}, ${caseId}, $${params.length}::integer)`,
        );
      } else {
        conditions.push(`c.received_on <= ${day} AND (c.received_on, c.case_id) < (${day}, ${caseId})`);
      }
    }
    // Per row read, one probe of the case list's primary key (a chunk is about a page: see the class).
    const title = `(SELECT l.title FROM ${CASE_LIST_TABLE} l WHERE l.case_id = c.case_id) AS title`;
    const sql =
      kind === 'dispatch'
        ? `SELECT to_json(c) AS case_row, to_json(u) AS dispatch_row, ${title}
           FROM ${DASHBOARD_CASE_UNITS_TABLE} u JOIN ${DASHBOARD_CASES_TABLE} c ON c.case_id = u.case_id
           WHERE ${conditions.join(' AND ')}
           ORDER BY c.received_on DESC, c.case_id DESC, u.notified_version DESC
           LIMIT $5`
        : `SELECT to_json(c) AS case_row, NULL AS dispatch_row, ${title}
           FROM ${DASHBOARD_CASES_TABLE} c
           WHERE ${conditions.join(' AND ')}
           ORDER BY c.received_on DESC, c.case_id DESC
           LIMIT $5`;
    const rows = await queryReadModel(this.db, DASHBOARD_READ_MODEL, sql, params);
    return rows.map((r) => {
      const caseRow = r.case_row as FactRow;
      const dispatchRow = (r.dispatch_row as FactRow | null) ?? null;
      return {
        caseRow,
        dispatchRow,
        title: (r.title as string | null) ?? '',
        key: [caseRow.received_on as string, caseRow.case_id as string, String(dispatchRow?.notified_version ?? 0)],
      };
    });
  }
}

/**
 * A row's counters as a figure's term reads them: what it counts, and of what counts from an instant
 * on, whether `asOf` has reached that instant (as the reader takes away the pending rows after it).
 */
function termInputs(contribution: Contribution, asOf: Date): [(counter: string) => number, (counter: PendingCounter) => number] {
  const n = (counter: string) => (contribution.counters as Record<string, number | undefined>)[counter] ?? 0;
  const reached = (counter: PendingCounter) =>
    n(counter) - contribution.pending.filter((p) => p.counter === counter && Date.parse(p.at) > asOf.getTime()).length;
  return [n, reached];
}
