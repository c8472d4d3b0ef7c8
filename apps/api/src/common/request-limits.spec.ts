import { findJsonTextViolation, findJsonViolation, findUrlViolation, REQUEST_LIMITS } from './request-limits';

const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

describe('findJsonViolation', () => {
  it('passes what the largest valid requests look like', () => {
    const categories = Array.from({ length: 500 }, (_, i) => ({ code: `c${i}`, label: '政策咨询', handlingWorkingDays: 3 }));
    expect(
      findJsonViolation({ categories, signForWorkingDays: 1, urgencyOverrides: { emergency: { handlingWorkingDays: 0 } } }),
    ).toBeNull();
    expect(findJsonViolation({ factsFound: '查'.repeat(10_000), factsEstablished: true, result: null })).toBeNull();
    expect(findJsonViolation({ kinds: { department: { inputs: { survey: 50 } } } })).toBeNull();
    expect(findJsonViolation(nested(REQUEST_LIMITS.depth))).toBeNull();
    expect(findJsonViolation('😀 surrogate pairs are fine')).toBeNull();
  });

  it('stops at the nesting depth, however deep the body goes', () => {
    expect(findJsonViolation(nested(REQUEST_LIMITS.depth + 1))).toMatchObject({ kind: 'limit', limit: 'depth', max: 16 });
    let deep: unknown[] = [];
    const top = deep;
    for (let i = 0; i < 5000; i++) deep = (deep[0] = []) as unknown[];
    expect(findJsonViolation({ measures: top })).toMatchObject({ limit: 'depth', at: expect.stringMatching(/^measures\[0\]/) });
  });

  it('refuses an array of more items, a body of more values, a longer string or property name', () => {
    expect(findJsonViolation({ measures: Array.from({ length: 60_000 }, () => ({})) })).toEqual({
      kind: 'limit',
      limit: 'arrayItems',
      max: 1000,
      at: 'measures',
    });
    const wide = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, i]));
    expect(findJsonViolation(wide)).toMatchObject({ limit: 'values' });
    expect(findJsonViolation({ note: 'x'.repeat(20_001) })).toMatchObject({ limit: 'stringLength', at: 'note' });
    expect(findJsonViolation({ ['k'.repeat(101)]: 1 })).toMatchObject({ limit: 'keyLength', at: '' });
  });

  it('finds a NUL or a lone surrogate in any string or property name, naming where', () => {
    expect(findJsonViolation({ measures: [{ description: 'a\u0000b' }] })).toEqual({
      kind: 'character',
      character: 'NUL',
      at: 'measures[0].description',
    });
    expect(findJsonViolation({ reason: 'a\ud800b' })).toMatchObject({ character: 'lone surrogate', at: 'reason' });
    expect(findJsonViolation({ reason: 'a\udc00' })).toMatchObject({ character: 'lone surrogate' });
    expect(findJsonViolation({ reason: '\ud83d' })).toMatchObject({ character: 'lone surrogate' });
    expect(findJsonViolation({ 'a\u0000': 1 })).toMatchObject({ character: 'NUL' });
  });

  it('finds __proto__, constructor and prototype as property names, which the DTO would drop unseen (found by the API fuzzer)', () => {
    // JSON.parse makes `__proto__` an own property, as body-parser hands it on.
    expect(findJsonViolation(JSON.parse('{"reason":"x","__proto__":{"isAdmin":true}}'))).toEqual({
      kind: 'property',
      name: '__proto__',
      at: '__proto__',
    });
    expect(findJsonViolation(JSON.parse('{"complainant":{"anonymous":true,"constructor":{"prototype":{}}}}'))).toMatchObject({
      name: 'constructor',
      at: 'complainant.constructor',
    });
    expect(findJsonViolation({ urgencyOverrides: { prototype: 1 } })).toMatchObject({
      name: 'prototype',
      at: 'urgencyOverrides.prototype',
    });
    expect(findJsonViolation({ note: '__proto__', proto: 1, constructorName: 'x' })).toBeNull();
  });
});

describe('findJsonTextViolation, on the bytes before JSON.parse', () => {
  const structural = (value: unknown) => {
    const parsed = findJsonViolation(value);
    return parsed && parsed.kind === 'limit' && ['depth', 'arrayItems', 'values'].includes(parsed.limit) ? parsed : null;
  };
  const text = (value: unknown) => findJsonTextViolation(Buffer.from(JSON.stringify(value, null, 1)));

  it.each([
    ['an ordinary body', { reason: '不属本单位职责, "quoted" [not] {structure}', n: [1, 2, 3], o: {} }],
    ['empty containers', { a: [], b: {}, c: [[], [{}]] }],
    ['nesting at the limit', nested(REQUEST_LIMITS.depth)],
    ['nesting over the limit', nested(REQUEST_LIMITS.depth + 1)],
    ['1,000 items', { measures: Array.from({ length: 1000 }, () => ({})) }],
    ['1,001 items, deeper down', { plan: { measures: [0, Array.from({ length: 1001 }, () => 0)] } }],
    ['60,000 items', { measures: Array.from({ length: 60_000 }, () => ({})) }],
    [
      '10,000 values',
      { a: Array.from({ length: 9 }, () => Array.from({ length: 999 }, () => 0)), b: Array.from({ length: 989 }, () => 'x') },
    ],
    [
      '10,001 values',
      { a: Array.from({ length: 9 }, () => Array.from({ length: 999 }, () => 0)), b: Array.from({ length: 990 }, () => 'x') },
    ],
    ['10,001 object members', Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, i]))],
    ['escaped quotes and brackets in keys', { 'a\\"[': { 'b"]': nested(REQUEST_LIMITS.depth) } }],
  ])('%s: the same verdict and place as after parsing', (_name, value) => {
    expect(text(value)).toEqual(structural(value));
  });

  it('5,000 deep, which JSON.stringify itself cannot write', () => {
    const body = `{"measures":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect(findJsonTextViolation(Buffer.from(body))).toEqual(structural(JSON.parse(body)));
    expect(findJsonTextViolation(Buffer.from(body))).toMatchObject({
      limit: 'depth',
      at: 'measures[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]',
    });
  });

  it('stops at the 1,001st item of 60,000, naming the array', () => {
    const bytes = Buffer.from(JSON.stringify({ measures: Array.from({ length: 60_000 }, () => ({})) }));
    expect(findJsonTextViolation(bytes)).toEqual({ kind: 'limit', limit: 'arrayItems', max: 1000, at: 'measures' });
  });
});

describe('findJsonTextViolation on bytes that are not UTF-8 (found by the API fuzzer)', () => {
  const withBytes = (...bad: number[]) => Buffer.concat([Buffer.from('{"reason":"'), Buffer.from(bad), Buffer.from('退单"}')]);

  it.each([
    ['a byte that starts nothing', [0xff]],
    ['a stray continuation byte', [0x80]],
    ['an overlong NUL', [0xc0, 0x80]],
    ['a surrogate written as UTF-8', [0xed, 0xa0, 0x80]],
    ['a character cut short', [0xe4, 0xb8]],
  ])('refuses %s, which the parser would have decoded as U+FFFD', (_name, bad) => {
    expect(findJsonTextViolation(withBytes(...bad))).toEqual({ kind: 'character', character: 'invalid UTF-8', at: '' });
  });

  it('passes Chinese, emoji and escaped characters', () => {
    expect(findJsonTextViolation(Buffer.from(JSON.stringify({ reason: '不是本单位职责 😀 \u00e9' })))).toBeNull();
  });
});

describe('findUrlViolation', () => {
  it('passes ordinary URLs, percent-encoded Chinese included', () => {
    expect(findUrlViolation('/api/v1/cases?q=%E8%AE%B8%E5%8F%AF&limit=5')).toBeNull();
    expect(findUrlViolation('/api/v1/cases?q=%2500')).toBeNull();
  });

  it('finds an encoded NUL or lone surrogate in the path or the query', () => {
    expect(findUrlViolation('/api/v1/cases/a%00b')).toEqual({ kind: 'character', character: 'NUL', at: 'path' });
    expect(findUrlViolation('/api/v1/cases?q=a%00')).toEqual({ kind: 'character', character: 'NUL', at: 'query' });
    expect(findUrlViolation('/api/v1/cases?q=%ed%a0%80')).toEqual({ kind: 'character', character: 'lone surrogate', at: 'query' });
    expect(findUrlViolation('/api/v1/units/%ED%BF%BF')).toMatchObject({ character: 'lone surrogate', at: 'path' });
  });

  it('finds a query parameter named __proto__, constructor or prototype, which the query DTO would drop unseen', () => {
    expect(findUrlViolation('/api/v1/cases?__proto__=x')).toEqual({ kind: 'property', name: '__proto__', at: '__proto__' });
    expect(findUrlViolation('/api/v1/cases?limit=2&%63onstructor=1')).toMatchObject({ name: 'constructor' });
    expect(findUrlViolation('/api/v1/cases?prototype')).toMatchObject({ name: 'prototype' });
    expect(findUrlViolation('/api/v1/cases?q=__proto__&proto=1&%zz=1')).toBeNull();
    expect(findUrlViolation('/api/v1/cases/__proto__')).toBeNull();
  });
});
