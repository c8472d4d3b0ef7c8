import { encodeCursor, decodeCursor, UUID, type Page } from '../runner/keyset';
import { queryReadModel, type Queryable } from '../runner/read-model-query';
import { isLocalDate, type LocalDate } from '@app/domain';
import { caseContribution, dispatchContribution, type Contribution } from './dashboard-counts';
import { figureTerm, type FigureRows, type ListedFigure, type PendingCounter, type RatePart } from './dashboard-figures';
import { DASHBOARD_CASE_UNITS_TABLE, DASHBOARD_CASES_TABLE, DASHBOARD_READ_MODEL } from './dashboard.reader';
import type { FactRow } from './fact-rows';

/**
 * Which rows a list of a figure reads: the period and the cohort filters of the summary, and the
 * units (what each row answers for: a case its lead, a dispatch its unit): all (unitId null), one,
 * and of those, the ones `picks` picks (a kind's units, as a breakdown by kind groups them; null: no unit).
 */
export interface FigureRowsScope {
  from: LocalDate;
  to: LocalDate;
  category: string | null;
  channel: string | null;
  unitId: string | null;
  picks: ((unitId: string | null) => boolean | Promise<boolean>) | null;
}

/** A row a figure counts: a case, or (the response rate) a dispatch of a case to a unit. */
export interface FigureRow {
  caseId: string;
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

/**
 * The cases (or dispatches) a figure of the dashboard counts, from the same fact rows the counts are
 * made of and the same definition: each row's own counters (caseContribution, dispatchContribution,
 * as the projection counts it) put through the figure's term (dashboard-figures.ts), as of the same
 * instant; a row is listed when the term is 1 for it. So the list's total is the figure, for any
 * scope, by construction rather than by a second definition of it.
 */
export class DashboardFigureRows {
  constructor(private readonly db: Queryable) {}

  async page(
    scope: FigureRowsScope,
    figure: ListedFigure,
    part: RatePart | null,
    asOf: Date,
    paging: { limit: number; cursor: string | null },
  ): Promise<Page<FigureRow> & { rows: FigureRows; total: number }> {
    const after =
      paging.cursor === null ? null : decodeCursor(paging.cursor, [isLocalDate, (s) => UUID.test(s), (s) => /^\d{1,9}$/.test(s)]);
    const { rows: kind, term } = figureTerm(figure, part);
    const numerator = DEADLINE_RATES.has(figure) ? figureTerm(figure, 'numerator').term : null;
    const facts = await this.facts(kind, scope);
    const counted: Array<{ key: [string, string, string]; row: FigureRow }> = [];
    const picks = scope.picks;
    for (const { caseRow, dispatchRow } of facts) {
      if (picks && !(await picks(((dispatchRow ? dispatchRow.unit_id : caseRow.lead_unit_id) as string | null) ?? null))) continue;
      const contribution = dispatchRow ? dispatchContribution(dispatchRow) : caseContribution(caseRow);
      const [n, reached] = termInputs(contribution, asOf);
      if (term(n, reached) !== 1) continue;
      const met = numerator ? numerator(n, reached) === 1 : null;
      counted.push({
        key: [caseRow.received_on as string, caseRow.case_id as string, String(dispatchRow?.notified_version ?? 0)],
        row: {
          caseId: caseRow.case_id as string,
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
        },
      });
    }
    // Ordered by received desc (then case, then dispatch, desc): the rows after the cursor's key.
    const rest = after === null ? counted : counted.filter(({ key }) => before(key, after));
    const page = rest.slice(0, paging.limit);
    const last = page[page.length - 1];
    return {
      rows: kind,
      total: counted.length,
      items: page.map(({ row }) => row),
      nextCursor: rest.length > paging.limit && last ? encodeCursor(last.key) : null,
    };
  }

  /** The fact rows of the scope, as the projection reads them (to_json), ordered by received desc, case and dispatch desc. */
  private async facts(kind: FigureRows, scope: FigureRowsScope): Promise<Array<{ caseRow: FactRow; dispatchRow: FactRow | null }>> {
    const params: unknown[] = [scope.from, scope.to, scope.category, scope.channel];
    const cohort = `c.received_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR c.category = $3::text) AND ($4::text IS NULL OR c.channel = $4::text)`;
    const unitColumn = kind === 'dispatch' ? 'u.unit_id' : 'c.lead_unit_id';
    let units = 'true';
    if (scope.unitId !== null) {
      params.push(scope.unitId);
      units = `${unitColumn} = $5::text`;
    }
    const sql =
      kind === 'dispatch'
        ? `SELECT to_json(c) AS case_row, to_json(u) AS dispatch_row
           FROM ${DASHBOARD_CASE_UNITS_TABLE} u JOIN ${DASHBOARD_CASES_TABLE} c ON c.case_id = u.case_id
           WHERE ${cohort} AND ${units}
           ORDER BY c.received_on DESC, c.case_id DESC, u.notified_version DESC`
        : `SELECT to_json(c) AS case_row, NULL AS dispatch_row
           FROM ${DASHBOARD_CASES_TABLE} c
           WHERE ${cohort} AND ${units}
           ORDER BY c.received_on DESC, c.case_id DESC`;
    const rows = await queryReadModel(this.db, DASHBOARD_READ_MODEL, sql, params);
    return rows.map((r) => ({ caseRow: r.case_row as FactRow, dispatchRow: (r.dispatch_row as FactRow | null) ?? null }));
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

/** Whether the row keyed `key` comes after the cursor's row in the list's order (received, case, dispatch, all desc). */
function before(key: readonly string[], cursor: readonly string[]): boolean {
  if (key[0] !== cursor[0]) return key[0] < cursor[0];
  if (key[1] !== cursor[1]) return key[1] < cursor[1];
  return Number(key[2]) < Number(cursor[2]);
}
