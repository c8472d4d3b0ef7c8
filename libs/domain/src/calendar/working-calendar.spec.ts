import { thrownCode } from '../shared/decider-specification';
import { chineseDaysYears } from './chinese-days-years';
import { CALENDAR_YEAR_MISSING, INVALID_DATE, WorkingCalendar } from './working-calendar';

const published = new WorkingCalendar(chineseDaysYears());

/** The 2027 arrangement as an admin would load it (illustrative dates for the test). */
const year2027 = {
  year: 2027,
  holidays: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
  makeUpWorkdays: ['2027-02-06'],
  source: 'admin#1',
};

describe('WorkingCalendar on the official Chinese calendar', () => {
  describe('2026, from the chinese-days data', () => {
    it.each([
      ['2026-09-24', true, 'an ordinary Thursday'],
      ['2026-09-25', false, 'Mid-Autumn Festival (中秋)'],
      ['2026-10-01', false, 'National Day (国庆)'],
      ['2026-10-07', false, 'the last day of the National Day holiday'],
      ['2026-10-10', true, 'Saturday made a working day (调休)'],
      ['2026-10-11', false, 'an ordinary Sunday'],
    ])('%s is a working day: %s (%s)', (date, working) => {
      expect(published.isWorkingDay(date)).toBe(working);
    });

    it('a complaint received on Thursday 24 September 2026 with 10 working days is due on Thursday 15 October 2026', () => {
      expect(published.addWorkingDays('2026-09-24', 10)).toBe('2026-10-15');
    });

    it('1 working day after the eve of National Day is Thursday 8 October', () => {
      expect(published.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    });

    it('0 working days is the same day (same-day emergencies)', () => {
      expect(published.addWorkingDays('2026-10-10', 0)).toBe('2026-10-10');
    });

    it('names the data source of the year used, for the event that sets a due date', () => {
      expect(published.versionFor('2026-09-24', '2026-10-15')).toMatch(/^2026:chinese-days@\d+\.\d+\.\d+$/);
    });
  });

  describe('a year without data', () => {
    it('given no 2027 calendar, a due date falling in 2027 is refused, not guessed as Monday–Friday', () => {
      expect(published.covers(2027)).toBe(false);
      expect(thrownCode(() => published.addWorkingDays('2026-12-24', 10))).toBe(CALENDAR_YEAR_MISSING);
      expect(thrownCode(() => published.isWorkingDay('2027-03-01'))).toBe(CALENDAR_YEAR_MISSING);
    });

    it('given the 2027 calendar loaded, the same due date is computed, with both years in its version', () => {
      const amended = published.withYear(year2027);
      // 24 Dec (Thu) + 10: 25, 28, 29, 30, 31 Dec; 1 Jan is a holiday; 4, 5, 6, 7, 8 Jan.
      expect(amended.addWorkingDays('2026-12-24', 10)).toBe('2027-01-08');
      expect(amended.isWorkingDay('2027-02-06')).toBe(true);
      expect(amended.isWorkingDay('2027-02-08')).toBe(false);
      expect(amended.versionFor('2026-12-24', '2027-01-08')).toMatch(/^2026:chinese-days@[\d.]+,2027:admin#1$/);
    });

    it('an amendment replaces that year only', () => {
      const amended = published.withYear(year2027).withYear({ ...year2027, holidays: [], source: 'admin#2' });
      expect(amended.isWorkingDay('2027-01-01')).toBe(true);
      expect(amended.isWorkingDay('2026-10-01')).toBe(false);
      expect(amended.versionFor('2027-01-01')).toBe('2027:admin#2');
    });
  });

  it.each(['2026-02-30', '24/09/2026', ''])('refuses the malformed date "%s"', (date) => {
    expect(thrownCode(() => published.isWorkingDay(date))).toBe(INVALID_DATE);
  });

  it('refuses a negative number of working days', () => {
    expect(thrownCode(() => published.addWorkingDays('2026-09-24', -1))).toBe(INVALID_DATE);
  });
});
