import { positionCursor } from './position-cursor';

describe('a cursor of a list read from the log (campaigns, rankings)', () => {
  it('reads back the positions a list hands out, up to the largest bigint', () => {
    expect(positionCursor('0')).toBe(0n);
    expect(positionCursor('1099511627776')).toBe(1099511627776n);
    expect(positionCursor('9223372036854775807')).toBe(9223372036854775807n);
  });

  it('refuses a number past the largest bigint, which PostgreSQL would refuse as a 500', () => {
    expect(positionCursor('9223372036854775808')).toBeUndefined();
    expect(positionCursor('99999999999999999999')).toBeUndefined();
  });

  it('refuses anything but digits', () => {
    for (const cursor of ['', 'x', '-1', '1e3', ' 1', '0x10', '１']) expect(positionCursor(cursor)).toBeUndefined();
  });
});
