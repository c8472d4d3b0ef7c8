import fc from 'fast-check';
import { DomainError } from '../shared/domain-error';
import type { CalendarYear } from './calendar-year';
import { chineseDaysYears } from './chinese-days-years';
import { addDays, type LocalDate } from './local-date';
import { WorkingCalendar } from './working-calendar';

/**
 * The precomputed ordinals answer exactly as counting day by day does — values, and the refusal of a
 * year without data (same code, same year) — on the published years and on random calendars with a
 * year missing in the middle, random holidays and make-up Saturdays (调休).
 */

/** Counting day by day, as the calendar did before the ordinals: the reference. */
const reference = {
  addWorkingDays(calendar: WorkingCalendar, from: LocalDate, workingDays: number): LocalDate {
    let date = from;
    for (let counted = 0; counted < workingDays;) {
      date = addDays(date, 1);
      if (calendar.isWorkingDay(date)) counted++;
    }
    return date;
  },
  workingDaysBetween(calendar: WorkingCalendar, from: LocalDate, to: LocalDate): number {
    let count = 0;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (calendar.isWorkingDay(day)) count++;
    return count;
  },
};

/** What an attempt gives: its value, or the DomainError's code and details. */
function outcome(attempt: () => unknown): unknown {
  try {
    return { value: attempt() };
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, details: error.details };
    throw error;
  }
}

const DAY_MS = 86_400_000;
const dateIn = (firstYear: number, lastYear: number) =>
  fc
    .integer({ min: Date.UTC(firstYear, 0, 1) / DAY_MS, max: Date.UTC(lastYear, 11, 31) / DAY_MS })
    .map((day) => new Date(day * DAY_MS).toISOString().slice(0, 10));

/** A year with random days off (weekdays and weekends alike) and random weekend days worked. */
const randomYear = (year: number): fc.Arbitrary<CalendarYear> =>
  fc
    .tuple(fc.uniqueArray(dateIn(year, year), { maxLength: 40 }), fc.uniqueArray(dateIn(year, year), { maxLength: 8 }))
    .map(([holidays, worked]) => ({
      year,
      holidays,
      makeUpWorkdays: worked.filter((date) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay()) && !holidays.includes(date)),
      source: `random#${year}`,
    }));

// 2030 is missing: a count reaching it is refused with 2030, one starting in it too.
const randomCalendar = fc
  .tuple(randomYear(2028), randomYear(2029), randomYear(2031), randomYear(2032))
  .map((years) => new WorkingCalendar(years));

/** A span in days, most within two years (a deadline's), a few backwards (nothing to count). */
const span = fc.integer({ min: -30, max: 800 });

const published = new WorkingCalendar(chineseDaysYears());
const RUNS = 200;

describe('working-day arithmetic by precomputed ordinals equals counting day by day', () => {
  it('on the published calendar (2004–2026, and 2027 missing): the n-th working day after a date, and the working days between two', () => {
    fc.assert(
      fc.property(dateIn(2004, 2026), fc.integer({ min: 0, max: 400 }), span, (from, n, days) => {
        const to = addDays(from, days);
        expect(outcome(() => published.addWorkingDays(from, n))).toEqual(outcome(() => reference.addWorkingDays(published, from, n)));
        expect(outcome(() => published.workingDaysBetween(from, to))).toEqual(
          outcome(() => reference.workingDaysBetween(published, from, to)),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('on random calendars with a year missing: the same answers, and the same refusals naming the same year', () => {
    fc.assert(
      fc.property(randomCalendar, dateIn(2027, 2033), fc.integer({ min: 0, max: 600 }), span, (calendar, from, n, days) => {
        const to = addDays(from, days);
        expect(outcome(() => calendar.addWorkingDays(from, n))).toEqual(outcome(() => reference.addWorkingDays(calendar, from, n)));
        expect(outcome(() => calendar.workingDaysBetween(from, to))).toEqual(
          outcome(() => reference.workingDaysBetween(calendar, from, to)),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('across a year end, into a year loaded later: refused before, counted after, as day by day', () => {
    const without = new WorkingCalendar(chineseDaysYears());
    const withNext = without.withYear({ year: 2027, holidays: ['2027-01-01'], makeUpWorkdays: [], source: 'admin#1' });
    expect(outcome(() => without.workingDaysBetween('2026-12-24', '2027-01-05'))).toEqual({
      code: 'CALENDAR_YEAR_MISSING',
      details: { year: 2027 },
    });
    // 25, 28, 29, 30, 31 December; 1 January is a holiday; 4, 5 January.
    expect(withNext.workingDaysBetween('2026-12-24', '2027-01-05')).toBe(7);
    expect(withNext.addWorkingDays('2026-12-24', 7)).toBe('2027-01-05');
  });
});
