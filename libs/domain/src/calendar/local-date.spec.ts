import { addDays, beijingDateOf, dayOfWeek, isLocalDate } from './local-date';

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

  it('knows a real date as a Date made from it and formatted again does, leap years and centuries included', () => {
    const byDate = (value: string) => {
      const [y, m, d] = value.split('-').map(Number);
      return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === value;
    };
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const checked: string[] = [];
    for (const year of [0, 99, 100, 1600, 1700, 1900, 1969, 1970, 2000, 2023, 2024, 2025, 2100, 2400, 9999]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) checked.push(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);
      }
    }
    const disagreeing = checked.filter((value) => isLocalDate(value) !== byDate(value));
    expect(disagreeing).toEqual([]);
    // 13 years from 100 on, of which 1600, 2000, 2024 and 2400 are leap years (not 100, 1700, 1900, 2100).
    expect(checked.filter(isLocalDate)).toHaveLength(13 * 365 + 4);
  });

  it('refuses what is not written YYYY-MM-DD', () => {
    expect(
      ['2025-1-01', '2025-01-1', ' 2025-01-01', '2025-01-01 ', '2025/01/01', '20250101', '２０２５-01-01', ''].filter(isLocalDate),
    ).toEqual([]);
  });
});
