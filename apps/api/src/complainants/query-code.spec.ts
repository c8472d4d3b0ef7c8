import { newQueryCode, parseQueryCode, queryCodeMatches } from './query-code';

describe('query code (查询码)', () => {
  it('is 16 characters of Crockford base32 in four groups, different every time', () => {
    const codes = Array.from({ length: 1000 }, () => newQueryCode().display);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(new Set(codes).size).toBe(1000);
  });

  it('is read however it is typed: case, spaces and hyphens, O for 0, I and L for 1', () => {
    const code = newQueryCode();
    const typed = code.display.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    const parsed = parseQueryCode(`  ${typed} `)!;
    expect(parsed.display).toBe(code.display);
    expect(queryCodeMatches(parsed, code.hash)).toBe(true);
  });

  it('is stored as a hash and a selector, neither of which is the code', () => {
    const code = newQueryCode();
    expect(code.selector).toBe(code.display.replace(/-/g, '').slice(0, 6));
    expect(code.hash).toHaveLength(32);
    expect(code.hash.toString('hex')).not.toContain(Buffer.from(code.display).toString('hex'));
  });

  it('does not match another code, and is null when it cannot be a code', () => {
    expect(queryCodeMatches(newQueryCode(), newQueryCode().hash)).toBe(false);
    expect(queryCodeMatches(newQueryCode(), Buffer.alloc(3))).toBe(false);
    for (const typed of ['', 'ABCD-EFGH-JKMN', 'ABCD-EFGH-JKMN-PQRSU', 'ABCD-EFGH-JKMN-PQR!', '查询码查询码查询码查询码查询码查询'])
      expect(parseQueryCode(typed)).toBeNull();
  });
});
