import { decodeCursor, encodeCursor, isInstant, KEY_ID } from './keyset';
import { InvalidCursor } from './read-model-errors';

describe('keyset cursors', () => {
  it('take back the instants and ids they were given', () => {
    const key = [new Date('2026-09-24T09:30:00+08:00').toISOString(), 'c0ffee00-0000-4000-8000-000000000001'];
    expect(decodeCursor(encodeCursor(key), [isInstant, (s) => KEY_ID.test(s)])).toEqual(key);
  });

  // Date.parse reads each of these; PostgreSQL cannot cast some, and none is what a page wrote: a 400, not a 500.
  it.each([
    'Sat 2026',
    '1',
    '+275760-09-13T00:00:00.000Z',
    '2026-02-30T00:00:00.000Z',
    '2026-09-24T01:30:00Z',
    '2026-09-24T09:30:00.000+08:00',
  ])('refuse a time part %p not written as Date.toISOString writes it', (time) => {
    expect(() => decodeCursor(encodeCursor([time]), [isInstant])).toThrow(InvalidCursor);
  });

  it.each(['', '\u0000', 'a\u0000b', ' a', 'a b', 'x'.repeat(129)])('refuse an id part %p that no writer makes', (id) => {
    expect(() => decodeCursor(encodeCursor([id]), [(s) => KEY_ID.test(s)])).toThrow(InvalidCursor);
  });
});
