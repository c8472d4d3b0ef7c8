import type { CalendarYear } from './calendar-year';

// The package's bundled data (pure JSON, read once at load): { holidays, workdays, inLieuDays },
// each keyed by YYYY-MM-DD. `workdays` are the weekend days made working days (调休).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const data = require('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('chinese-days/package.json') as { version: string };

/** Every year the `chinese-days` package has official data for, as CalendarYears. */
export function chineseDaysYears(): CalendarYear[] {
  const byYear = new Map<number, { holidays: string[]; makeUpWorkdays: string[] }>();
  const entry = (date: string) => {
    const year = Number(date.slice(0, 4));
    if (!byYear.has(year)) byYear.set(year, { holidays: [], makeUpWorkdays: [] });
    return byYear.get(year)!;
  };
  for (const date of Object.keys(data.holidays)) entry(date).holidays.push(date);
  for (const date of Object.keys(data.workdays)) entry(date).makeUpWorkdays.push(date);
  return [...byYear].sort(([a], [b]) => a - b).map(([year, days]) => ({ year, ...days, source: `chinese-days@${version}` }));
}
