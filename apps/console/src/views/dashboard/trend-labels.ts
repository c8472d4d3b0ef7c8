import { formatMonth } from '../../format';

/**
 * The labels of 按月趋势's months (each bucket by its first day, 2026-03-01). In one calendar year
 * the month alone (「3月」: the period's caption says the year). Across years a month alone is
 * ambiguous (the default period, 1 January of last year to today, read 1月…12月, 1月…11月), so each
 * names its year (「2025年3月」), on the axis and in the tooltip.
 */
export function trendMonthLabels(firstDays: readonly string[]): string[] {
  const years = new Set(firstDays.map((day) => day.slice(0, 4)));
  return firstDays.map((day) => (years.size > 1 ? formatMonth(day) : formatMonth(day).replace(/^\d+年/, '')));
}

/**
 * How many month labels with their year fit under the chart at 1366×768 (the panel is half the
 * screen): about 70 px each.
 */
const LABELS_THAT_FIT = 6;
/** Steps that divide a year, so the labels fall on the same months every year, January among them. */
const STEPS = [1, 2, 3, 6, 12] as const;

/**
 * Which months' labels the axis shows when the period spans years (null in one year: as many as fit,
 * the chart's own choice, as before). Every `step` months from January (1月, 7月; 1月, 4月, 7月, 10月),
 * the smallest step that fits, so the labels fall on the same months each year and each year's
 * January is labelled; the chart's own choice would count from the period's first month (2025年1月,
 * 2025年6月, 2025年11月, 2026年4月…).
 */
export function trendLabelsShown(firstDays: readonly string[]): boolean[] | null {
  if (new Set(firstDays.map((day) => day.slice(0, 4))).size <= 1) return null;
  const step = STEPS.find((s) => Math.ceil(firstDays.length / s) <= LABELS_THAT_FIT) ?? 12;
  return firstDays.map((day) => (Number(day.slice(5, 7)) - 1) % step === 0);
}
