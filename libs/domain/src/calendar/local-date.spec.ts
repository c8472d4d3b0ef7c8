import { addDays, beijingDateOf, dayOfWeek } from './local-date';

// The per-day memos must answer what a Date computed afresh answers, the first time and every time after.
describe('local dates', () => {
  it('adds days across months, leap days and years, and before 1970', () => {
    for (let pass = 0; pass < 2; pass++) {
      expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
      expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
      expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
      expect(addDays('1970-01-01', -1)).toBe('1969-12-31');
      expect(addDays('2025-03-01', -366)).toBe('2024-02-29');
    }
  });

  it('normalises an impossible day as Date.UTC does', () => {
    expect(addDays('2025-02-30', 0)).toBe('2025-03-02');
    expect(dayOfWeek('2025-02-30')).toBe(0);
  });

  it('names the weekday, before 1970 too', () => {
    expect(['2026-11-30', '2026-12-05', '2026-12-06', '1969-12-31'].map(dayOfWeek)).toEqual([1, 6, 0, 3]);
  });

  it('takes the Beijing date of an instant, whatever its zone', () => {
    expect(beijingDateOf('2025-01-01T15:59:59.999Z')).toBe('2025-01-01');
    expect(beijingDateOf('2025-01-01T16:00:00.000Z')).toBe('2025-01-02');
    expect(beijingDateOf('2025-01-02T00:00:00+08:00')).toBe('2025-01-02');
    expect(beijingDateOf('1969-12-31T15:59:59.999Z')).toBe('1969-12-31');
  });

  it('refuses what is no date or instant, as before', () => {
    expect(() => beijingDateOf('not an instant')).toThrow(RangeError);
    expect(() => addDays('someday', 1)).toThrow(RangeError);
    expect(dayOfWeek('someday')).toBeNaN();
  });

  it('agrees with a Date computed afresh on many days', () => {
    for (let day = -3_000; day < 30_000; day += 7) {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      const next = new Date((day + 40) * 86_400_000);
      expect(addDays(date, 40)).toBe(next.toISOString().slice(0, 10));
      expect(dayOfWeek(date)).toBe(new Date(day * 86_400_000).getUTCDay());
      expect(beijingDateOf(`${date}T16:00:00.000Z`)).toBe(new Date((day + 1) * 86_400_000).toISOString().slice(0, 10));
    }
  });
});
