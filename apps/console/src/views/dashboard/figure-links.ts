/**
 * Which cases a figure of 领导看板 counts: the query of its list (dashboard/cases), read from
 * GET /api/v1/dashboard/cases, which lists the rows the figure counts from the same rows and the same
 * definition as the figure (projections/dashboard/README.md) — a count its cases, a rate its
 * numerator's or its denominator's (the response rate: dispatches) — for the dashboard's period and
 * the scope of a tile or a breakdown's row: a unit, a unit kind (none: 无承办单位) or a category.
 * 当前超期 too (the period's cases overdue now); only the red and yellow cards, deadlines now whatever
 * the period, open 超期督办 instead.
 */

export const COUNT_FIGURES = ['received', 'awaitingAcceptance', 'accepted', 'rejected', 'inProgress', 'closed', 'overdueNow'] as const;
export const RATE_FIGURES = ['responseRate', 'onTimeCompletionRate', 'completionRate', 'satisfactionRate', 'reopenRate'] as const;
export type CountFigure = (typeof COUNT_FIGURES)[number];
export type RateFigure = (typeof RATE_FIGURES)[number];
export type Figure = CountFigure | RateFigure;
export type Part = 'numerator' | 'denominator';
/** A unit kind of the breakdown, or none: what no unit answers for (无承办单位). */
export type ListUnitKind = 'department' | 'window' | 'town' | 'none';

/** What a number of the dashboard is: a count, or one part of a rate. */
export type FigureLink = { figure: CountFigure; part?: undefined } | { figure: RateFigure; part: Part };

/** What the list of a figure shows: the dashboard's period and the tile's or row's scope. */
export interface FigureScope {
  /** First day received (YYYY-MM-DD, Beijing). */
  from: string;
  /** Last day received, inclusive. */
  to: string;
  unitId?: string;
  unitKind?: ListUnitKind;
  category?: string;
}

const UNIT_KINDS: readonly string[] = ['department', 'window', 'town', 'none'];

export function isRateFigure(figure: string): figure is RateFigure {
  return (RATE_FIGURES as readonly string[]).includes(figure);
}

/** The list sub-page's query: `?figure=&part=&from=&to=&unitId=&unitKind=&category=`, readable and bookmarkable. */
export function listQuery(link: FigureLink, scope: FigureScope): Record<string, string> {
  return {
    figure: link.figure,
    ...(link.part ? { part: link.part } : {}),
    from: scope.from,
    to: scope.to,
    ...(scope.unitId ? { unitId: scope.unitId } : {}),
    ...(scope.unitKind ? { unitKind: scope.unitKind } : {}),
    ...(scope.category ? { category: scope.category } : {}),
  };
}

/**
 * The list's query read back; null when it names no figure, a rate without its part (or a count
 * with one), or no valid period. `leadUnitId` (the links of before) reads as `unitId`.
 */
export function parseListQuery(query: Record<string, unknown>): { link: FigureLink; scope: FigureScope } | null {
  const text = (name: string) => (typeof query[name] === 'string' && query[name] !== '' ? (query[name] as string) : undefined);
  const figure = text('figure');
  const part = text('part');
  const from = text('from');
  const to = text('to');
  if (!figure || !from || !to || !isDate(from) || !isDate(to)) return null;
  let link: FigureLink;
  if (isRateFigure(figure)) {
    if (part !== 'numerator' && part !== 'denominator') return null;
    link = { figure, part };
  } else if ((COUNT_FIGURES as readonly string[]).includes(figure) && part === undefined) link = { figure: figure as CountFigure };
  else return null;
  const unitId = text('unitId') ?? text('leadUnitId');
  const unitKind = text('unitKind');
  const category = text('category');
  if (unitKind !== undefined && !UNIT_KINDS.includes(unitKind)) return null;
  return {
    link,
    scope: {
      from,
      to,
      ...(unitId ? { unitId } : {}),
      ...(unitKind ? { unitKind: unitKind as ListUnitKind } : {}),
      ...(category ? { category } : {}),
    },
  };
}

const COUNT_WORDS: Record<CountFigure, { title: string; what: string }> = {
  received: { title: '受理总数', what: '受理登记的全部案件' },
  awaitingAcceptance: { title: '待受理', what: '已登记、尚未决定是否受理的案件' },
  accepted: { title: '已受理', what: '已受理的案件' },
  rejected: { title: '不予受理', what: '不予受理的案件' },
  inProgress: { title: '办理中', what: '已受理、尚未办结的案件' },
  closed: { title: '已办结', what: '已办结的案件' },
  overdueNow: { title: '当前超期', what: '办理中、本轮办理期限已过仍未报告办理结果的案件' },
};
const RATE_WORDS: Record<RateFigure, { title: string; numerator: string; denominator: string }> = {
  responseRate: {
    title: '响应率',
    numerator: '在签收期限内签收的交办（含改派、协办）',
    denominator: '已签收或签收期限已过的交办（含改派、协办）',
  },
  onTimeCompletionRate: {
    title: '按时办结率',
    numerator: '每轮都在办理期限内报告办理结果、且已办结的案件',
    denominator: '已办结或已超期的案件',
  },
  completionRate: { title: '办结率', numerator: '已办结的案件', denominator: '已受理的案件' },
  satisfactionRate: { title: '满意率', numerator: '最近一次回访满意或基本满意的案件', denominator: '已回访的案件' },
  reopenRate: { title: '重办率', numerator: '重办过的案件', denominator: '主办单位已报告办理结果的案件' },
};

/** A figure in words: its name (按时办结率的分母) and what it counts (已办结或已超期的案件). */
export function figureWords(link: FigureLink): { title: string; what: string } {
  if (link.part) {
    const words = RATE_WORDS[link.figure];
    return { title: `${words.title}的${link.part === 'numerator' ? '分子' : '分母'}`, what: words[link.part] };
  }
  return COUNT_WORDS[link.figure];
}

/** The period in words: a whole calendar year as 「2025年」, a whole month as 「2025年3月」, else null (the caller writes both dates). */
export function periodWords(from: string, to: string): string | null {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  if (fy === ty && fm === 1 && fd === 1 && tm === 12 && td === 31) return `${fy}年`;
  const lastOfMonth = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  if (fy === ty && fm === tm && fd === 1 && td === lastOfMonth) return `${fy}年${fm}月`;
  return null;
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
