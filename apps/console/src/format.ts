/**
 * How the console writes figures, dates and rates: the Chinese way, in Beijing time, whatever the
 * browser's own zone and language (an office PC may be set to anything). Pure functions, no Vue.
 */

export const BEIJING = 'Asia/Shanghai';
const LOCALE = 'zh-CN';

/** What a rate of the API is: numerator over denominator, value null when there is nothing to divide. */
export interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
}

const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(LOCALE, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** No figure: an em dash, as Chinese reports leave a blank cell. */
export const NO_FIGURE = '—';

/** A count with digit grouping: 12,345. */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** A count shortened with 万 and 亿 from ten thousand on (12.3万); below that, as formatCount. */
export function formatCountShort(n: number): string {
  return Math.abs(n) < 10_000 ? formatCount(n) : compact.format(n);
}

/** A share (0…1) as a percentage with one decimal: 85.3%; null (nothing to divide) as —. */
export function formatPercent(value: number | null): string {
  return value === null ? NO_FIGURE : percent.format(value);
}

/** A rate with what it is made of: 85.3%（12/14）. */
export function formatRate(rate: Rate): string {
  return `${formatPercent(rate.value)}（${formatCount(rate.numerator)}/${formatCount(rate.denominator)}）`;
}

const dateTime = new Intl.DateTimeFormat(LOCALE, {
  timeZone: BEIJING,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant (ISO text or Date) in Beijing time: 2026-03-02 09:05. */
export function formatDateTime(instant: string | Date): string {
  const parts = Object.fromEntries(dateTime.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** A Beijing calendar date of the API (2026-03-02) as written in Chinese: 2026年3月2日. */
export function formatLocalDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** A month of the trend (its first day, 2026-03-01) as the chart's label: 2026年3月. */
export function formatMonth(firstDay: string): string {
  const [year, month] = firstDay.split('-').map(Number);
  return `${year}年${month}月`;
}

/** The Beijing calendar date of an instant, as the API takes dates: 2026-03-02. */
export function beijingDate(instant: Date = new Date()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: BEIJING, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Where an open deadline stands: its card and the working days the API counts (GET /api/v1/overdue). */
export interface DeadlineStanding {
  card: 'red' | 'yellow' | 'green';
  workingDaysOverdue: number;
  workingDaysLeft: number;
}

/**
 * Where a deadline stands, in working days (the API counts them on the official calendar, 调休
 * included: docs/rules.md, "Cards"): 超期 3 个工作日, 今日到期, 剩余 5 个工作日. Never 「天」: a count of
 * working days read as calendar days makes a unit look late by weekends it did not lose.
 */
export function timeLeftText(row: DeadlineStanding): string {
  if (row.card === 'red')
    return row.workingDaysOverdue > 0 ? `超期 ${formatCount(row.workingDaysOverdue)} 个工作日` : '已过期（未满一个工作日）';
  if (row.workingDaysLeft === 0) return '今日到期';
  return `剩余 ${formatCount(row.workingDaysLeft)} 个工作日`;
}
