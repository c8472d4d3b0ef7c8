import { reactive } from 'vue';
import { api, must, ProblemError } from '../api/client';
import { auth } from '../auth/session';
import { beijingDate } from '../format';
import { calendarWarning, yearToCheck, type CalendarAnswer } from './calendar-warning';

/**
 * The shell's warning to the admin that next year's calendar is not published (`calendar-warning.ts`
 * decides), with that year for its link: read once per sign-in (`checkedFor`: the token it was read for), and again when the
 * calendar panel publishes a year.
 */
export const calendarNotice = reactive<{ text: string | null; year: number | null; checkedFor: string | null }>({
  text: null,
  year: null,
  checkedFor: null,
});

let latest = 0;

/** Reads next year's calendar for a signed-in admin from October; `force`: again in the same session. */
export async function checkCalendarYear(force = false): Promise<void> {
  const session = auth.session;
  if (session?.role !== 'admin') {
    Object.assign(calendarNotice, { text: null, year: null, checkedFor: null });
    return;
  }
  if (!force && calendarNotice.checkedFor === session.token) return;
  calendarNotice.checkedFor = session.token;
  const request = ++latest;
  const today = beijingDate();
  const year = yearToCheck(today);
  let answer: CalendarAnswer = { status: 200 };
  if (year !== null) {
    try {
      await must(api.GET('/api/v1/admin/calendar/{year}', { params: { path: { year } } }));
    } catch (error) {
      answer = error instanceof ProblemError ? { status: error.status, code: error.problem.code } : { status: 0 };
    }
  }
  // A later check (a publication, another sign-in) has the last word.
  if (request === latest && auth.session?.token === session.token) {
    const warning = calendarWarning(today, answer);
    Object.assign(calendarNotice, { text: warning?.text ?? null, year: warning?.year ?? null });
  }
}
