import {
  beijingDate,
  formatCount,
  formatCountShort,
  formatDateTime,
  formatLocalDate,
  formatMonth,
  formatPercent,
  formatRate,
  timeLeftText,
} from './format';

describe('the console writes figures and dates the Chinese way, in Beijing time', () => {
  it('groups the digits of a count', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(12345)).toBe('12,345');
  });

  it('shortens large counts with 万 and 亿, and leaves small ones whole', () => {
    expect(formatCountShort(9999)).toBe('9,999');
    expect(formatCountShort(123_456)).toBe('12.3万');
    expect(formatCountShort(250_000_000)).toBe('2.5亿');
  });

  it('writes a share as a percentage with one decimal, and no share as a dash', () => {
    expect(formatPercent(0.8526)).toBe('85.3%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(null)).toBe('—');
  });

  it('writes a rate with its numerator and denominator', () => {
    expect(formatRate({ numerator: 12, denominator: 14, value: 12 / 14 })).toBe('85.7%（12/14）');
    expect(formatRate({ numerator: 0, denominator: 0, value: null })).toBe('—（0/0）');
  });

  it('shows an instant in Beijing time, whatever zone the browser is in', () => {
    // 16:30 UTC is half past midnight the next day in Beijing.
    expect(formatDateTime('2026-03-01T16:30:00.000Z')).toBe('2026-03-02 00:30');
    expect(beijingDate(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
  });

  it('writes calendar dates and months in Chinese', () => {
    expect(formatLocalDate('2026-03-02')).toBe('2026年3月2日');
    expect(formatMonth('2026-11-01')).toBe('2026年11月');
  });

  it('says where a deadline stands in working days, as the API counts them: never 「天」', () => {
    expect(timeLeftText({ card: 'red', workingDaysOverdue: 227, workingDaysLeft: 0 })).toBe('超期 227 个工作日');
    expect(timeLeftText({ card: 'red', workingDaysOverdue: 1234, workingDaysLeft: 0 })).toBe('超期 1,234 个工作日');
    expect(timeLeftText({ card: 'red', workingDaysOverdue: 0, workingDaysLeft: 0 })).toBe('已过期（未满一个工作日）');
    expect(timeLeftText({ card: 'yellow', workingDaysOverdue: 0, workingDaysLeft: 2 })).toBe('剩余 2 个工作日');
    expect(timeLeftText({ card: 'yellow', workingDaysOverdue: 0, workingDaysLeft: 0 })).toBe('今日到期');
  });
});
