import { isCalendarInstant, isInstant, requireCalendarInstant } from './instant';

describe('instants', () => {
  it.each([
    '2026-09-24T09:30+08:00',
    '2026-09-24T09:30:00+08:00',
    '2026-09-24T01:30:00.000Z',
    '2026-09-24T01:30:00.123456789Z',
    '2024-02-29T23:59:59-05:00',
    '2026-09-24T09:30:00.5+05:45',
    '2026-09-24T09:30:00+14:00',
    '2026-09-24T09:30:00-12:00',
  ])('takes %p', (value) => {
    expect(isInstant(value)).toBe(true);
    expect(isCalendarInstant(value)).toBe(true);
  });

  it.each([
    ['a bare year', '2026'],
    ['a week date', '2026-W01-1'],
    ['an hour without minutes', '2026-01-01T00'],
    ['the basic format', '20260101T000000Z'],
    ['a decimal comma', '2026-01-01T00:00:00,5Z'],
    ['a date alone', '2026-09-24'],
    ['no offset (the server’s zone)', '2026-09-24T09:00:00'],
    ['a space for the T', '2026-09-24 09:00:00Z'],
    ['a day that is not', '2026-02-30T00:00:00Z'],
    ['a month that is not', '2026-13-01T00:00:00Z'],
    ['24:00', '2026-09-24T24:00:00Z'],
    ['a leap second', '2026-12-31T23:59:60Z'],
    ['an offset of 24 hours', '2026-09-24T09:00:00+24:00'],
    // No clock shows them, and PostgreSQL refuses ±16:00 and beyond: a read model would stop on it.
    ['an offset beyond +14:00', '2026-09-24T09:00:00+14:01'],
    ['an offset PostgreSQL cannot store', '2026-03-01T10:00:00+16:00'],
    ['a negative offset of 23:59', '2026-09-24T09:00:00-23:59'],
    ['an expanded year', '+275760-09-13T00:00:00.000Z'],
    ['a year before 0100', '0099-01-01T00:00:00Z'],
  ])('refuses %s (%p)', (_label, value) => {
    expect(isInstant(value)).toBe(false);
  });

  it('takes for the calendar only a Beijing date in the years an admin may publish (2000–2100)', () => {
    expect(isCalendarInstant('1900-01-01T00:00:00Z')).toBe(false);
    expect(isCalendarInstant('1999-12-31T15:59:59Z')).toBe(false);
    expect(isCalendarInstant('1999-12-31T16:00:00Z')).toBe(true); // 2000-01-01 in Beijing
    expect(isCalendarInstant('2100-12-31T15:59:59Z')).toBe(true);
    expect(isCalendarInstant('2100-12-31T16:00:00Z')).toBe(false); // 2101-01-01 in Beijing
  });

  it('names the field at fault with INVALID_DATE, and why', () => {
    expect(requireCalendarInstant('2026-09-24T09:00:00+08:00', 'receivedAt')).toBeNull();
    expect(requireCalendarInstant('2026-W01-1', 'receivedAt')).toMatchObject({
      code: 'INVALID_DATE',
      details: { field: 'receivedAt' },
      message: expect.stringContaining('offset'),
    });
    expect(requireCalendarInstant('1900-01-01T00:00:00Z', 'raisedAt')).toMatchObject({
      code: 'INVALID_DATE',
      details: { field: 'raisedAt' },
      message: expect.stringContaining('2000–2100'),
    });
    expect(requireCalendarInstant(undefined, 'raisedAt')).toMatchObject({ code: 'INVALID_DATE' });
  });
});
