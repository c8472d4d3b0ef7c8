/**
 * The admin's warning that next year's working calendar is not published (pure, no Vue): from
 * 1 October many commands count working days into next year (a 验收's 回头看 date, dispatch
 * deadlines, extensions) and the API refuses them with CALENDAR_YEAR_MISSING until it is.
 */

/** From this month (Beijing) on, next year's calendar is checked. */
export const WARN_FROM_MONTH = 10;

/** The year whose calendar to check on `today` (a Beijing date, 2026-10-01): next year from October, else none. */
export function yearToCheck(today: string): number | null {
  const [year, month] = today.split('-').map(Number);
  return month >= WARN_FROM_MONTH ? year + 1 : null;
}

/** How `GET /api/v1/admin/calendar/{year}` answered: its status and, for a refusal, the problem's code. */
export interface CalendarAnswer {
  status: number;
  code?: string | null;
}

/** The warning: the year whose calendar is missing, and what to say of it. */
export interface CalendarWarning {
  year: number;
  text: string;
}

/**
 * The warning for `today` and the answer about next year's calendar, or null: only from October and
 * only on 404 CALENDAR_YEAR_MISSING (a network error or a 5xx is no proof it is missing).
 */
export function calendarWarning(today: string, answer: CalendarAnswer): CalendarWarning | null {
  const year = yearToCheck(today);
  if (year === null || answer.status !== 404 || answer.code !== 'CALENDAR_YEAR_MISSING') return null;
  return { year, text: `${year}年度工作日历尚未发布：期限或回头看日期落在${year}年的办理将被拒绝，请在「系统管理 › 工作日历」中发布。` };
}

/**
 * Where the warning's 前往工作日历 leads: the calendar panel on the missing year (its year is in the URL,
 * `?year=`), not on the current year it opens on.
 */
export function calendarLink(year: number): { name: 'admin-calendar'; query: { year: string } } {
  return { name: 'admin-calendar', query: { year: String(year) } };
}
