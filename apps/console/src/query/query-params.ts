/**
 * A view's query parameters with the values it can use. A bookmark or a hand-edited address may carry
 * a value the view cannot use (`?status=bogus`, `?year=1999`, `?from=2026-13-45`): shown raw it fills a
 * dropdown with a code, sent to the API it ends in a refusal, replaced quietly by the default it shows
 * something the user did not ask for. So the view drops it from the address and says which filter was
 * reset. Pure: no Vue (use-query-params.ts puts it on the router).
 */
export interface QueryParam {
  /** The filter's name on the page, for the note: 状态, 年度. */
  label: string;
  /** Whether the view can use this value; by default any non-empty text. */
  accepts?: (value: string) => boolean;
}

export type QueryParams<K extends string> = Readonly<Record<K, QueryParam>>;

/** What the address says: the usable values by parameter, and the labels of those dropped. */
export interface QueryReading<K extends string> {
  values: Partial<Record<K, string>>;
  /** The parameters to drop from the address (values the view cannot use, and in `strict` unknown names). */
  dropped: string[];
  /** The note saying so in Chinese; empty when nothing was dropped. */
  note: string;
}

/**
 * Values that do not fit together, with the note that says the rule they break when the generic
 * 「…的值无效」 would leave the user guessing (「统计期间最长三年，已恢复默认」).
 */
export interface Unfit<K extends string> {
  names: K[];
  note: string;
}

export interface ReadOptions<K extends string> {
  /**
   * A rule between parameters each usable alone (a period ending before it starts, one too long): the
   * names whose values do not fit together, or those names with the note saying why.
   */
  together?: (values: Partial<Record<K, string>>) => K[] | Unfit<K>;
  /** Also drop names the view does not know (a list whose whole address is its filters). */
  strict?: boolean;
}

/** Read `query` (vue-router's LocationQuery or any record) against the view's parameters. */
export function readQuery<K extends string>(
  query: Readonly<Record<string, unknown>>,
  params: QueryParams<K>,
  options: ReadOptions<K> = {},
): QueryReading<K> {
  const values: Partial<Record<K, string>> = {};
  const invalid: K[] = [];
  for (const name of Object.keys(params) as K[]) {
    const raw = Array.isArray(query[name]) ? (query[name] as unknown[])[0] : query[name];
    if (raw === undefined || raw === null) continue;
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '') continue;
    const { accepts } = params[name];
    if (accepts && !accepts(value)) invalid.push(name);
    else values[name] = value;
  }
  const unfit = options.together?.(values) ?? [];
  const { names: unfitNames, note: rule } = Array.isArray(unfit) ? { names: unfit, note: '' } : unfit;
  for (const name of unfitNames) delete values[name];
  // Names whose rule has its own note are said by it, not as 「…的值无效」 too.
  if (!rule) invalid.push(...unfitNames);
  const unknown = options.strict ? Object.keys(query).filter((name) => !(name in params)) : [];
  return {
    values,
    dropped: [...invalid, ...(rule ? unfitNames : []), ...unknown],
    note: noteOf(
      invalid.map((name) => params[name].label),
      rule,
      unknown,
    ),
  };
}

/**
 * 「筛选条件“状态”的值无效，已恢复默认」; a rule between values, its own note; an unknown name:
 * 「网址中的参数“from”无法识别，已忽略」.
 */
function noteOf(invalid: string[], rule: string, unknown: string[]): string {
  const quoted = (names: string[]) => [...new Set(names)].map((name) => `“${name}”`).join('');
  const parts = [
    ...(invalid.length ? [`筛选条件${quoted(invalid)}的值无效，已恢复默认`] : []),
    ...(rule ? [rule] : []),
    ...(unknown.length ? [`网址中的参数${quoted(unknown)}无法识别，已忽略`] : []),
  ];
  return parts.join('；');
}

/** The query without the dropped names, for `router.replace`. */
export function withoutDropped<Q extends Readonly<Record<string, unknown>>>(query: Q, dropped: readonly string[]): Partial<Q> {
  return Object.fromEntries(Object.entries(query).filter(([name]) => !dropped.includes(name))) as Partial<Q>;
}

/** A calendar date as the API takes it (2026-03-02): 2026-13-45 and 2026-02-30 are not. */
export function isLocalDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** One of a code list's values (the keys of its Chinese names). */
export function oneOf(names: Readonly<Record<string, unknown>>): (value: string) => boolean {
  return (value) => Object.prototype.hasOwnProperty.call(names, value);
}

/** A whole number within [min, max] (a year). */
export function integerIn(min: number, max: number): (value: string) => boolean {
  return (value) => /^-?\d+$/.test(value) && Number(value) >= min && Number(value) <= max;
}

/** A period's two ends, each a date, that end before they start: both are dropped. */
export function reversedPeriod<K extends string>(
  from: K,
  to: K,
  /** The end a period without `to` has (the dashboard's: today); none: such a period is open. */
  defaultEnd?: string,
): (values: Partial<Record<K, string>>) => K[] {
  return (values) => {
    const [start, end] = [values[from], values[to] ?? defaultEnd];
    return start !== undefined && end !== undefined && start > end ? [from, to] : [];
  };
}
