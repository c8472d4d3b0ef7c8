import { bounded, escaped, quoted, QUOTED_CHARS } from './quoted';

describe('a value a verification quotes', () => {
  it('is cut short, however long', () => {
    const huge = 'x'.repeat(4 * 1024 * 1024);
    expect(bounded(huge)).toBe(`${'x'.repeat(QUOTED_CHARS)}…`);
    expect(quoted(huge)).toHaveLength(QUOTED_CHARS + 3);
    expect(bounded('case-a')).toBe('case-a');
  });

  it('cannot break a line or steer a terminal: control and format characters are written out', () => {
    const forged = 'case-x\r\n\u001b[2K\u001b[1GThe read model audit matches the log.\u202e\u2028\u0085';
    const text = quoted(forged);
    expect(text).not.toMatch(/[\p{Cc}\p{Cf}\u2028\u2029]/u);
    expect(text).toBe('"case-x\\r\\n\\u001b[2K\\u001b[1GThe read model audit matches the log.\\u202e\\u2028\\u0085"');
    expect(bounded('a\\b')).toBe('a\\\\b');
    // The CLI's escape of every line: a message already escaped comes out the same.
    expect(escaped(text)).toBe(text);
    expect(escaped('line\u001b[2K')).toBe('line\\u001b[2K');
    expect(quoted('a "b"')).toBe('"a \\"b\\""');
  });

  it('keeps no half of a surrogate pair at the cut', () => {
    const text = bounded(`${'x'.repeat(QUOTED_CHARS - 1)}😀${'y'.repeat(10)}`);
    expect(text).toBe(`${'x'.repeat(QUOTED_CHARS - 1)}…`);
  });
});
