/**
 * What a request may cost before any DTO is built (README "Limits"): checked on the parsed JSON and
 * on the raw URL, so a hostile body is refused in well under a millisecond of our time, whatever
 * class-validator would have made of it. Every bound is far above what a valid request needs: the
 * largest DTO array holds 500 items (time-limit categories), the longest text 10,000 characters,
 * the deepest body nests 4 levels (an appraisal scheme).
 */
export const REQUEST_LIMITS = {
  /** Bytes of a JSON body (larger: 413). */
  bodyBytes: 256 * 1024,
  /** Objects and arrays nested in one another. */
  depth: 16,
  /** Items of one array. */
  arrayItems: 1_000,
  /** Values (objects, arrays, strings, numbers, …) in a whole body. */
  values: 10_000,
  /** Characters of one string. */
  stringLength: 20_000,
  /** Characters of one property name. */
  keyLength: 100,
} as const;

export type LimitName = 'depth' | 'arrayItems' | 'values' | 'stringLength' | 'keyLength';

/** Why a request is refused before validation: a limit passed, or a character nothing may contain. */
export type RequestViolation =
  { kind: 'limit'; limit: LimitName; max: number; at: string } | { kind: 'character'; character: 'NUL' | 'lone surrogate'; at: string };

/**
 * The first violation in a parsed JSON body, or null. Iterative (a 100,000-deep body does not
 * recurse), and it stops at the first violation, so it reads at most `values` values.
 */
export function findJsonViolation(body: unknown, limits = REQUEST_LIMITS): RequestViolation | null {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  let values = 0;
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    if (++values > limits.values) return { kind: 'limit', limit: 'values', max: limits.values, at: path };
    if (typeof value === 'string') {
      if (value.length > limits.stringLength) return { kind: 'limit', limit: 'stringLength', max: limits.stringLength, at: path };
      const bad = badCharacter(value);
      if (bad) return { kind: 'character', character: bad, at: path };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limits.depth) return { kind: 'limit', limit: 'depth', max: limits.depth, at: path };
    if (Array.isArray(value)) {
      if (value.length > limits.arrayItems) return { kind: 'limit', limit: 'arrayItems', max: limits.arrayItems, at: path };
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const at = path ? `${path}.${key}` : key;
      if (key.length > limits.keyLength) return { kind: 'limit', limit: 'keyLength', max: limits.keyLength, at: path };
      const bad = badCharacter(key);
      if (bad) return { kind: 'character', character: bad, at: path };
      pending.push({ value: (value as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * A NUL or a lone surrogate percent-encoded anywhere in a raw request URL (path or query), or null.
 * Decoded, a NUL would reach PostgreSQL (which refuses it in text and jsonb) and a lone surrogate
 * cannot be stored as UTF-8 at all; U+D800–U+DFFF would be encoded ED A0 80 … ED BF BF.
 */
export function findUrlViolation(url: string): RequestViolation | null {
  const split = url.indexOf('?');
  const parts: [string, string][] =
    split < 0
      ? [['path', url]]
      : [
          ['path', url.slice(0, split)],
          ['query', url.slice(split + 1)],
        ];
  for (const [at, part] of parts) {
    if (/%00|\0/i.test(part)) return { kind: 'character', character: 'NUL', at };
    if (/%ED%[AB][0-9A-F]/i.test(part)) return { kind: 'character', character: 'lone surrogate', at };
  }
  return null;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badCharacter(text: string): 'NUL' | 'lone surrogate' | null {
  if (text.includes('\0')) return 'NUL';
  return LONE_SURROGATE.test(text) ? 'lone surrogate' : null;
}
