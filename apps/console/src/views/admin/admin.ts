/**
 * Pure helpers of 系统管理 (no DOM, no API): the Chinese names of the registry's and the schemes'
 * codes, the dates of a calendar form, a month's grid, the sums of a scheme's weights.
 */

export const STATUS_LABELS: Record<'active' | 'retired', string> = { active: '在用', retired: '已撤销' };

/**
 * The dates typed into a calendar form: one per line, or separated by commas, spaces or 、; blanks
 * dropped, each kept as typed (the API says which one is not a date of the year).
 */
export function parseDates(text: string): string[] {
  return text
    .split(/[\s,，、;；]+/)
    .map((d) => d.trim())
    .filter((d) => d !== '');
}

/** The dates as the form shows them: one a line. */
export function datesText(dates: readonly string[]): string {
  return dates.join('\n');
}

/** One day of a month's grid: its date, its day of the month, and what it is. */
export interface DayCell {
  date: string;
  day: number;
  /** holiday 休 (a day off by the notice), makeUp 班 (a weekend made a working day), weekend, workday. */
  kind: 'holiday' | 'makeUp' | 'weekend' | 'workday';
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * The weeks of a month (Monday first, as Chinese calendars print), each seven cells, null outside the
 * month. `month` is 1–12.
 */
export function monthGrid(
  year: number,
  month: number,
  holidays: ReadonlySet<string>,
  makeUp: ReadonlySet<string>,
): Array<Array<DayCell | null>> {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay(); // 0 Sunday
  const lead = (firstWeekday + 6) % 7; // Monday first
  const cells: Array<DayCell | null> = Array.from({ length: lead }, () => null);
  for (let day = 1; day <= days; day++) {
    const date = `${year}-${pad(month)}-${pad(day)}`;
    const weekday = (lead + day - 1) % 7; // 0 Monday … 6 Sunday
    const kind = holidays.has(date) ? 'holiday' : makeUp.has(date) ? 'makeUp' : weekday >= 5 ? 'weekend' : 'workday';
    cells.push({ date, day, kind });
  }
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: Array<Array<DayCell | null>> = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** Working days of a year on this calendar: weekdays not off, plus the make-up weekends. */
export function workingDaysOf(year: number, holidays: ReadonlySet<string>, makeUp: ReadonlySet<string>): number {
  let count = 0;
  for (let month = 1; month <= 12; month++)
    for (const week of monthGrid(year, month, holidays, makeUp))
      for (const cell of week) if (cell && (cell.kind === 'workday' || cell.kind === 'makeUp')) count++;
  return count;
}

/** The sum of a kind's weights (percent), rounded to two decimals as the API counts them. */
export function weightSum(weights: Readonly<Record<string, number | null | undefined>>): number {
  const sum = Object.values(weights).reduce<number>((total, w) => total + (typeof w === 'number' ? w : 0), 0);
  return Math.round(sum * 100) / 100;
}

/**
 * Field errors keyed as the form's items are: a message about one element of a list of dates
 * (`holidays[3]`) goes to the list's field (`holidays`), joined when there are several.
 */
export function foldListErrors(errors: Record<string, string>, lists: readonly string[]): Record<string, string> {
  const folded: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const list = lists.find((name) => field.startsWith(`${name}[`));
    const key = list ?? field;
    folded[key] = folded[key] ? `${folded[key]}；${message}` : message;
  }
  return folded;
}

/**
 * The If-Match of a publication as the panel read it: its revision, `"0"` when none is published
 * (the built-in default, or a calendar year not yet published). The API publishes only if that is
 * still the one in force, else 412: another admin's publication in between is never overwritten unseen.
 */
export function publicationIfMatch(revision: number | null | undefined): { 'If-Match': string } {
  return { 'If-Match': `"${revision ?? 0}"` };
}
