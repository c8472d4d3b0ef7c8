import { datesText, foldListErrors, monthGrid, parseDates, publicationIfMatch, weightSum, workingDaysOf } from './admin';

describe('系统管理 helpers', () => {
  it('reads the dates of a calendar form however they are separated, dropping blanks', () => {
    expect(parseDates('2027-01-01\n2027-02-10, 2027-02-11、2027-02-12；\n\n  2027-05-01 ')).toEqual([
      '2027-01-01',
      '2027-02-10',
      '2027-02-11',
      '2027-02-12',
      '2027-05-01',
    ]);
    expect(parseDates('  ')).toEqual([]);
    expect(parseDates(datesText(['2027-01-01', '2027-10-01']))).toEqual(['2027-01-01', '2027-10-01']);
  });

  it('draws a month Monday first, marking days off, make-up working days and weekends', () => {
    // February 2026 begins on a Sunday: six blanks, then the 1st in the last column.
    const weeks = monthGrid(2026, 2, new Set(['2026-02-16', '2026-02-17']), new Set(['2026-02-14']));
    expect(weeks[0].slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(weeks[0][6]).toEqual({ date: '2026-02-01', day: 1, kind: 'weekend' });
    const cells = weeks.flat().filter((c) => c !== null);
    expect(cells).toHaveLength(28);
    expect(cells.find((c) => c.date === '2026-02-16')?.kind).toBe('holiday');
    expect(cells.find((c) => c.date === '2026-02-14')?.kind).toBe('makeUp');
    expect(cells.find((c) => c.date === '2026-02-02')?.kind).toBe('workday');
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });

  it('counts a year’s working days: weekdays not off, plus the make-up weekends', () => {
    // 2027 has 261 weekdays; one off and one Saturday worked leave 261.
    expect(workingDaysOf(2027, new Set(), new Set())).toBe(261);
    expect(workingDaysOf(2027, new Set(['2027-01-01']), new Set(['2027-01-02']))).toBe(261);
    expect(workingDaysOf(2027, new Set(['2027-01-01', '2027-01-03']), new Set())).toBe(260);
  });

  it('adds a kind’s weights to two decimals, blanks as nothing', () => {
    expect(weightSum({ survey: 33.33, concentratedEvaluation: 33.33, onlineVote: 33.34 })).toBe(100);
    expect(weightSum({ a: 50, b: null, c: undefined })).toBe(50);
  });

  it('puts a message about one date of a list at the list’s field', () => {
    expect(foldListErrors({ 'holidays[2]': 'a', 'holidays[5]': 'b', note: 'c' }, ['holidays', 'makeUpWorkdays'])).toEqual({
      holidays: 'a；b',
      note: 'c',
    });
  });

  it('publishes over the revision it read: "0" when none is published yet', () => {
    expect(publicationIfMatch(3)).toEqual({ 'If-Match': '"3"' });
    expect(publicationIfMatch(null)).toEqual({ 'If-Match': '"0"' });
    expect(publicationIfMatch(undefined)).toEqual({ 'If-Match': '"0"' });
  });
});
