/**
 * Which cases a figure of 领导看板 counts, as the query of its list (dashboard/cases) and of the case
 * list API (GET /api/v1/cases). The dashboard counts the cases received in a period (Beijing dates,
 * inclusive) — optionally those a unit leads now, or of one category — as they stand today; the case
 * list filters by the instant received, the lead unit, the category and the status, so each figure
 * maps to the filters that count the same cases. Overdue figures open 超期督办 instead.
 */

/** The figures that open a list of cases. */
export type CaseFigure = 'received' | 'closed';

/** What the list of a figure shows: the dashboard's period and the row's unit or category. */
export interface FigureScope {
  /** First day received (YYYY-MM-DD, Beijing). */
  from: string;
  /** Last day received, inclusive. */
  to: string;
  leadUnitId?: string;
  category?: string;
}

/** The list sub-page's query: `?figure=&from=&to=&leadUnitId=&category=`, so the list can be bookmarked too. */
export function listQuery(figure: CaseFigure, scope: FigureScope): Record<string, string> {
  return {
    figure,
    from: scope.from,
    to: scope.to,
    ...(scope.leadUnitId ? { leadUnitId: scope.leadUnitId } : {}),
    ...(scope.category ? { category: scope.category } : {}),
  };
}

/** The list's query read back; null when it names no figure or no valid period. */
export function parseListQuery(query: Record<string, unknown>): { figure: CaseFigure; scope: FigureScope } | null {
  const text = (name: string) => (typeof query[name] === 'string' && query[name] !== '' ? (query[name] as string) : undefined);
  const figure = text('figure');
  const from = text('from');
  const to = text('to');
  if ((figure !== 'received' && figure !== 'closed') || !from || !to || !isDate(from) || !isDate(to)) return null;
  const leadUnitId = text('leadUnitId');
  const category = text('category');
  return { figure, scope: { from, to, ...(leadUnitId ? { leadUnitId } : {}), ...(category ? { category } : {}) } };
}

/** The filters of GET /api/v1/cases that count the figure's cases. */
export function caseListFilters(
  figure: CaseFigure,
  scope: FigureScope,
): { receivedFrom: string; receivedTo: string; leadUnitId?: string; category?: string; status?: 'closed' } {
  return {
    // Received from the first day's Beijing midnight to the midnight after the last day (exclusive).
    receivedFrom: `${scope.from}T00:00:00+08:00`,
    receivedTo: `${nextDay(scope.to)}T00:00:00+08:00`,
    ...(scope.leadUnitId ? { leadUnitId: scope.leadUnitId } : {}),
    ...(scope.category ? { category: scope.category } : {}),
    ...(figure === 'closed' ? { status: 'closed' as const } : {}),
  };
}

/** The day after a YYYY-MM-DD date (calendar arithmetic in UTC: no time zone can shift it). */
export function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** A unit's rate for a ranking: null (nothing due yet) ranks after every figure. */
export interface RankedUnit {
  key: string;
  label: string;
  received: number;
  rate: { numerator: number; denominator: number; value: number | null };
}

/**
 * The best and the worst units by a rate: units with nothing to divide (value null) are left out of
 * both; ties broken by the larger denominator (more cases judged), then by name. `size` each; when
 * there are fewer than 2 × size units, the bottom list holds only those not already on top.
 */
export function topAndBottom(units: readonly RankedUnit[], size: number): { top: RankedUnit[]; bottom: RankedUnit[] } {
  const ranked = units
    .filter((u) => u.rate.value !== null)
    .slice()
    .sort((a, b) => b.rate.value! - a.rate.value! || b.rate.denominator - a.rate.denominator || a.label.localeCompare(b.label, 'zh-CN'));
  const top = ranked.slice(0, size);
  const rest = ranked.slice(top.length);
  const bottom = rest.slice(Math.max(0, rest.length - size)).reverse();
  return { top, bottom };
}
