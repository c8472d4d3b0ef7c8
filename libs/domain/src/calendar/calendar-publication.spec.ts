import { replay } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { givenFor, refusal, thrownCode } from '../shared/decider-specification';
import {
  calendarFrom,
  CalendarPublicationErrors as E,
  calendarPublicationDecider,
  type CalendarYearPublished,
  type PublishCalendarYear,
} from './calendar-publication';
import { chineseDaysYears } from './chinese-days-years';
import { DeadlineRules } from './deadline-rules';
import { DEFAULT_TIME_LIMIT_POLICY } from './time-limit-policy';
import { CALENDAR_YEAR_MISSING, WorkingCalendar } from './working-calendar';

/**
 * TEST DATA, NOT THE OFFICIAL 2027 CALENDAR. The State Council's notice on the 2027 holidays is not
 * in chinese-days 1.5.7 (its data ends with 2026) and could not be found; these dates only have the
 * shape of a notice (元旦 on Friday 1 January with the weekend, 春节 with one Saturday worked).
 */
const TEST_2027 = {
  holidays: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
  makeUpWorkdays: ['2027-02-20'],
  note: 'test data shaped like a State Council notice',
};

const publish = (overrides: Partial<PublishCalendarYear> = {}): PublishCalendarYear => ({
  type: 'PublishCalendarYear',
  at: '2026-11-21T02:00:00Z',
  year: 2027,
  ...TEST_2027,
  ...overrides,
});

const published = (revision: number, overrides: Partial<CalendarYearPublished['data']> = {}): CalendarYearPublished => ({
  type: 'CalendarYearPublished',
  data: { year: 2027, ...TEST_2027, revision, ...overrides },
});

const given = givenFor(calendarPublicationDecider);

describe('publishing a year of the official calendar (stream config-calendar)', () => {
  it('given no publication, when the 2027 notice is published, then CalendarYearPublished with revision 1, dates sorted', () => {
    const decision = given([]).when(publish({ holidays: ['2027-02-05', '2027-01-01'] }));
    expect(decision).toEqual([
      {
        type: 'CalendarYearPublished',
        data: { year: 2027, holidays: ['2027-01-01', '2027-02-05'], makeUpWorkdays: ['2027-02-20'], note: TEST_2027.note, revision: 1 },
      },
    ]);
  });

  it('given two publications (any years), when an amendment is published, then its revision is 3', () => {
    const decision = given([published(1), published(2, { year: 2028, holidays: [], makeUpWorkdays: [] })]).when(
      publish({ holidays: ['2027-01-01'], note: 'amended' }),
    );
    expect(decision).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ year: 2027, revision: 3, holidays: ['2027-01-01'] }) }),
    ]);
  });

  it('given the same notice already in force, when it is published again (a retried PUT), then nothing is recorded', () => {
    expect(given([published(1)]).when(publish({ holidays: [...TEST_2027.holidays].reverse() }))).toEqual([]);
  });

  it('given the same dates in force, when published with another note, then it is a new revision', () => {
    expect(given([published(1)]).when(publish({ note: 'corrected reference' }))).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ revision: 2 }) }),
    ]);
  });

  it('accepts a year with no holidays and no make-up days (weekends only)', () => {
    expect(given([]).when(publish({ holidays: [], makeUpWorkdays: [] }))).toHaveLength(1);
  });

  it('accepts a holiday falling on a weekend (it changes nothing, notices list whole spans)', () => {
    expect(given([]).when(publish({ holidays: ['2027-01-02', '2027-01-03'] }))).toHaveLength(1);
  });

  describe('refuses, naming the rule', () => {
    it.each([1999, 2101, 2027.5, Number.NaN])('a year outside 2000–2100 or not whole: %s', (year) => {
      expect(refusal(given([]).when(publish({ year, holidays: [], makeUpWorkdays: [] })))).toEqual({
        code: E.INVALID_CALENDAR_YEAR,
        details: { year },
      });
    });

    it.each([
      ['2027-02-30', 'holidays', 'not a real date'],
      ['2027-2-5', 'holidays', 'not YYYY-MM-DD'],
      ['05/02/2027', 'holidays', 'not YYYY-MM-DD'],
      ['2026-12-31', 'holidays', 'in another year'],
      ['2028-01-01', 'makeUpWorkdays', 'in another year'],
      ['', 'makeUpWorkdays', 'empty'],
    ])('INVALID_CALENDAR_DATE for %s in %s (%s), naming the date and the field by its index', (date, field) => {
      const valid = field === 'holidays' ? '2027-01-01' : '2027-02-20';
      expect(refusal(given([]).when(publish({ holidays: [], makeUpWorkdays: [], [field]: [valid, date] })))).toEqual({
        code: E.INVALID_CALENDAR_DATE,
        details: { date, field: `${field}[1]`, year: 2027 },
      });
    });

    it('a make-up working day that is a weekday: MAKE_UP_DAY_NOT_WEEKEND, naming it by its index as sent', () => {
      // Friday 19 February 2027, sent second (the dates are sorted for the event, not for the field)
      expect(refusal(given([]).when(publish({ makeUpWorkdays: ['2027-02-20', '2027-02-19'] })))).toEqual({
        code: E.MAKE_UP_DAY_NOT_WEEKEND,
        details: { date: '2027-02-19', field: 'makeUpWorkdays[1]' },
      });
    });

    it('a day that is both a holiday and a make-up working day: CALENDAR_DAY_CONFLICT, naming the make-up day', () => {
      expect(
        refusal(given([]).when(publish({ holidays: ['2027-02-20', '2027-02-05'], makeUpWorkdays: ['2027-02-27', '2027-02-20'] }))),
      ).toEqual({
        code: E.CALENDAR_DAY_CONFLICT,
        details: { date: '2027-02-20', field: 'makeUpWorkdays[1]' },
      });
    });

    it.each(['holidays', 'makeUpWorkdays'])('a date twice in %s: DUPLICATE_CALENDAR_DATE, naming the second', (field) => {
      const date = field === 'holidays' ? '2027-01-01' : '2027-02-20';
      const other = field === 'holidays' ? '2027-02-05' : '2027-02-27';
      expect(refusal(given([]).when(publish({ holidays: [], makeUpWorkdays: [], [field]: [date, other, date] })))).toEqual({
        code: E.DUPLICATE_CALENDAR_DATE,
        details: { date, field: `${field}[2]` },
      });
    });
  });

  it('evolve keeps the revision and the latest publication of each year', () => {
    const state = replay(calendarPublicationDecider, [published(1), published(2, { year: 2028 }), published(3, { note: 'amended' })]);
    expect(state.revision).toBe(3);
    expect(state.years[2027]).toMatchObject({ revision: 3, note: 'amended' });
    expect(state.years[2028]).toMatchObject({ revision: 2 });
  });
});

describe('calendarFrom: the calendar in force', () => {
  const builtIn = chineseDaysYears();

  it('with no publication, it is the built-in data', () => {
    const calendar = calendarFrom(builtIn, []);
    expect(calendar.versionFor('2026-10-15')).toMatch(/^2026:chinese-days@\d+\.\d+\.\d+$/);
    expect(calendar.covers(2027)).toBe(false);
  });

  it('a published year is added with source admin@<revision>', () => {
    const calendar = calendarFrom(builtIn, [published(1)]);
    expect(calendar.versionFor('2027-01-04')).toBe('2027:admin@1');
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2027-02-20')).toBe(true);
  });

  it('a published year replaces the built-in data of that year, and only that year', () => {
    const calendar = calendarFrom(builtIn, [published(1, { year: 2026, holidays: [], makeUpWorkdays: [] })]);
    expect(calendar.isWorkingDay('2026-10-01')).toBe(true); // National Day, but the publication says no holidays
    expect(calendar.versionFor('2026-10-01')).toBe('2026:admin@1');
    expect(calendar.isWorkingDay('2025-10-01')).toBe(false);
  });

  it('the latest publication of a year wins', () => {
    const calendar = calendarFrom(builtIn, [
      published(1),
      published(2, { year: 2028, holidays: [], makeUpWorkdays: [] }),
      published(3, { holidays: [] }),
    ]);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(true);
    expect(calendar.versionFor('2027-01-01', '2028-01-03')).toBe('2027:admin@3,2028:admin@2');
  });

  describe('a due date falling in 2027 (10 working days from Thursday 24 December 2026)', () => {
    const rules = (calendar: WorkingCalendar) => new DeadlineRules(calendar, DEFAULT_TIME_LIMIT_POLICY);
    const due = (calendar: WorkingCalendar) =>
      rules(calendar).dueDates('complaint_runaround', 'normal', '2026-12-24T02:00:00Z', '2026-12-24T02:00:00Z');

    it('is refused with CALENDAR_YEAR_MISSING while 2027 is not published', () => {
      expect(thrownCode(() => due(calendarFrom(builtIn, [])))).toBe(CALENDAR_YEAR_MISSING);
    });

    it('is computed once the 2027 calendar is published, the version naming admin@1', () => {
      const history = [published(1)];
      // 25, 28, 29, 30, 31 Dec; 1 Jan 2027 is a holiday; 4, 5, 6, 7, 8 Jan.
      expect(due(calendarFrom(builtIn, history))).toEqual({
        signForDue: '2026-12-25',
        handlingDue: '2027-01-08',
        calendarVersion: expect.stringMatching(/^2026:chinese-days@[\d.]+,2027:admin@1$/),
        timeLimitsVersion: 'time-limits@default',
      });
    });

    it('follows the decision end to end: the command accepted is the calendar that computes it', () => {
      const decision = given([]).when(publish());
      if (decision instanceof DomainError) throw decision;
      expect(due(calendarFrom(builtIn, decision)).handlingDue).toBe('2027-01-08');
    });
  });
});
