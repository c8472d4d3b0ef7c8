/**
 * 领导看板's period in the address (`?from=&to=`): its default, and the rule it must keep to be asked of
 * the API. GET /api/v1/dashboard/* aggregate a period of at most three years, both ends included
 * (apps/api/src/dashboard/dashboard-period.validators.ts), and refuse a longer one with a 400 the
 * page could only show as 「有些内容未填写或填写有误」. So a bookmark or a hand-edited address asking for
 * more is reset to the default, with a note saying the rule. Pure: no Vue.
 */
import { formatLocalDate } from '../../format';
import { isLocalDate, type Unfit } from '../../query/query-params';

type End = 'from' | 'to';

/** The longest period the API aggregates, in years (the API's MAX_PERIOD_YEARS). */
export const MAX_PERIOD_YEARS = 3;

/** Both ends are one filter on the page: the period picker. */
export const PERIOD_PARAMS = {
  from: { label: '统计期间', accepts: isLocalDate },
  to: { label: '统计期间', accepts: isLocalDate },
} as const;

/** The period's ends named as the picker names them, for a refusal the API gives of one. */
export const PERIOD_FIELDS = { from: '开始日期', to: '结束日期' } as const;

/** 1 January of last year to today (Beijing): the first-start demo's year shows. */
export function defaultPeriod(today: string): [string, string] {
  return [`${Number(today.slice(0, 4)) - 1}-01-01`, today];
}

/**
 * The last day a period starting on `from` may end on, as the API counts it: three years with both
 * ends included, 2024-01-01 … 2026-12-31; from 29 February, 28 February three years on.
 */
export function latestEnd(from: string): string {
  const [year, month, day] = from.split('-').map(Number);
  const sameDay = new Date(Date.UTC(year! + MAX_PERIOD_YEARS, month! - 1, day!));
  return new Date(sameDay.getTime() - 86_400_000).toISOString().slice(0, 10);
}

/**
 * The rule between the two ends (each a date on its own): a period ending before it starts, or
 * longer than three years, is dropped whole and the default shows. An end left out is the default's
 * (a start alone ends today; an end alone starts on the default's first day). Only the length gets
 * a note of its own: 「…的值无效」 would leave the user guessing what was wrong with two real dates.
 */
export function unfitPeriod(today: string): (values: Partial<Record<End, string>>) => End[] | Unfit<End> {
  const [defaultFrom, defaultTo] = defaultPeriod(today);
  return (values) => {
    if (values.from === undefined && values.to === undefined) return [];
    const [from, to] = [values.from ?? defaultFrom, values.to ?? defaultTo];
    if (from > to) return ['from', 'to'];
    if (to <= latestEnd(from)) return [];
    return {
      names: ['from', 'to'],
      note: `统计期间最长三年（自${formatLocalDate(from)}起最晚至${formatLocalDate(latestEnd(from))}），已恢复默认期间`,
    };
  };
}
