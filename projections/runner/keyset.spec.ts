import { decodeCursor, encodeCursor, isInstant, KEY_ID, MAX_CURSOR_LENGTH, MAX_CURSOR_PART_LENGTH, MAX_CURSOR_PARTS } from './keyset';
import { filtersTag, isTag } from '../cursor-filters';
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

  describe('their length', () => {
    /** An id as long as KEY_ID allows, the longest part of any list's cursor. */
    const longestId = `id-${'x'.repeat(MAX_CURSOR_PART_LENGTH - 3)}`;
    const anyId = (s: string) => KEY_ID.test(s);

    it('reads the longest a list can hand out: as many parts as a list has, each an id at its longest', () => {
      const key = Array.from({ length: MAX_CURSOR_PARTS }, () => longestId);
      const cursor = encodeCursor(key);
      expect(cursor.length).toBe(MAX_CURSOR_LENGTH);
      expect(decodeCursor(cursor, Array(MAX_CURSOR_PARTS).fill(anyId))).toEqual(key);
    });

    it('reads the accountability register’s longest, two ids of 128 characters (over the 400 once read)', () => {
      const tag = filtersTag('accountability', {});
      const key = [tag, '2026-12-07T02:00:00.000Z', longestId, longestId];
      const cursor = encodeCursor(key);
      expect(cursor.length).toBeGreaterThan(400);
      expect(cursor.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
      expect(decodeCursor(cursor, [isTag(tag), isInstant, anyId, anyId])).toEqual(key);
    });

    it('refuses one longer at once, whatever its parts, before reading it', () => {
      const longer = encodeCursor(['x'.repeat(MAX_CURSOR_LENGTH)]);
      expect(longer.length).toBeGreaterThan(MAX_CURSOR_LENGTH);
      expect(() => decodeCursor(longer, [() => true])).toThrow(InvalidCursor);
      expect(() => decodeCursor('A'.repeat(MAX_CURSOR_LENGTH + 1), [() => true])).toThrow(InvalidCursor);
    });

    it('will not read a list of more parts than the bound counts: its cursors could be longer', () => {
      const oneCheckTooMany = Array(MAX_CURSOR_PARTS + 1).fill(() => true);
      expect(() => decodeCursor(encodeCursor(['a']), oneCheckTooMany)).toThrow(/MAX_CURSOR_PARTS/);
    });
  });
});
