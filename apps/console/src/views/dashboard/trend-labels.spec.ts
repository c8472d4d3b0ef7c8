import { trendLabelsShown, trendMonthLabels } from './trend-labels';

/** The first days of the months from `from` to `to` (YYYY-MM), as the trend's buckets start. */
function months(from: string, to: string): string[] {
  const days: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  const [lastYear, lastMonth] = to.split('-').map(Number) as [number, number];
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    days.push(`${year}-${String(month).padStart(2, '0')}-01`);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return days;
}

describe('按月趋势’s month labels', () => {
  it('names each month’s year when the period spans years (the default period reads no 1月…11月 twice), the month alone in one year', () => {
    const labels = trendMonthLabels(months('2025-01', '2026-12'));
    expect(labels).toHaveLength(24);
    expect(new Set(labels).size).toBe(24);
    expect(labels.slice(0, 2)).toEqual(['2025年1月', '2025年2月']);
    expect(labels.slice(11, 13)).toEqual(['2025年12月', '2026年1月']);
    expect(labels[23]).toBe('2026年12月');
    // Two months of two years are two years too.
    expect(trendMonthLabels(['2025-12-01', '2026-01-01'])).toEqual(['2025年12月', '2026年1月']);
    // Within one calendar year the month alone, as before (the caption says the year).
    expect(trendMonthLabels(months('2025-01', '2025-12'))).toEqual([
      '1月',
      '2月',
      '3月',
      '4月',
      '5月',
      '6月',
      '7月',
      '8月',
      '9月',
      '10月',
      '11月',
      '12月',
    ]);
    expect(trendMonthLabels(['2026-03-01'])).toEqual(['3月']);
    expect(trendMonthLabels([])).toEqual([]);
  });

  it('shows the same months of every year across years, each January among them, as many as fit; in one year the chart chooses', () => {
    const shownOf = (from: string, to: string) => {
      const days = months(from, to);
      const shown = trendLabelsShown(days);
      return shown && trendMonthLabels(days).filter((_, i) => shown[i]);
    };
    expect(trendLabelsShown(months('2025-01', '2025-12'))).toBeNull();
    // The default period: two years to December (or to November early in it).
    expect(shownOf('2025-01', '2026-12')).toEqual(['2025年1月', '2025年7月', '2026年1月', '2026年7月']);
    expect(shownOf('2025-01', '2026-11')).toEqual(['2025年1月', '2025年7月', '2026年1月', '2026年7月']);
    // Three years, the longest period.
    expect(shownOf('2024-01', '2026-12')).toEqual(['2024年1月', '2024年7月', '2025年1月', '2025年7月', '2026年1月', '2026年7月']);
    // A few months over New Year: more of them, from January on in step.
    expect(shownOf('2025-06', '2026-02')).toEqual(['2025年7月', '2025年9月', '2025年11月', '2026年1月']);
    expect(shownOf('2025-11', '2026-02')).toEqual(['2025年11月', '2025年12月', '2026年1月', '2026年2月']);
  });
});
