import { isUtf8 } from 'node:buffer';

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

/** Why a request is refused before validation: a limit passed, a character nothing may contain, or a reserved property name. */
export type RequestViolation =
  | { kind: 'limit'; limit: LimitName; max: number; at: string }
  | { kind: 'character'; character: 'NUL' | 'lone surrogate' | 'invalid UTF-8'; at: string }
  | { kind: 'property'; name: string; at: string };

/**
 * Property names no request has and JavaScript gives a meaning: JSON.parse makes `__proto__` an own
 * property, but class-transformer skips it (and `constructor`, `prototype`) when it builds the DTO,
 * so forbidNonWhitelisted never sees them and the request would pass with the field silently dropped;
 * and any code copying the body key by key would set an object's prototype. Refused like any
 * unknown field, wherever they are (the free-form maps included).
 */
export const RESERVED_PROPERTY_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** An open array or object while scanning JSON text: its commas so far and, for an object, the member being read. */
interface OpenContainer {
  array: boolean;
  commas: number;
  key: string;
}

/**
 * Bytes that are not UTF-8, or the first violation of `depth`, `arrayItems` or `values` in a JSON body's UTF-8 bytes, found
 * before JSON.parse builds anything: 60,000 empty objects are never made. One pass over the bytes
 * (UTF-8 never has an ASCII byte inside a multi-byte character, so brackets, commas and quotes are
 * what they look like); for valid JSON it counts exactly what findJsonViolation counts, and
 * invalid JSON is JSON.parse's to refuse.
 */
export function findJsonTextViolation(bytes: Uint8Array, limits = REQUEST_LIMITS): RequestViolation | null {
  // The parser would decode a broken byte as U+FFFD and the request would go on with text it never
  // sent (a surrogate written as ED A0 80 included): refused, before anything is decoded.
  if (!isUtf8(bytes)) return { kind: 'character', character: 'invalid UTF-8', at: '' };
  const open: OpenContainer[] = [];
  let values = 1;
  let stringStart = -1;
  let lastString: [number, number] = [0, 0];
  let justOpened = false;
  const violation = (limit: 'depth' | 'arrayItems' | 'values', levels: number): RequestViolation => ({
    kind: 'limit',
    limit,
    max: limits[limit],
    at: limit === 'values' ? '' : pathOf(open.slice(0, levels)),
  });
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (stringStart >= 0) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) [stringStart, lastString] = [-1, [stringStart, i + 1]];
      continue;
    }
    if (isSpace(byte)) continue;
    const top = open[open.length - 1];
    if (justOpened) {
      justOpened = false;
      // A container with anything in it holds one value more than it has commas.
      if (byte !== CLOSE_ARRAY && byte !== CLOSE_OBJECT && ++values > limits.values) return violation('values', 0);
    }
    if (byte === QUOTE) stringStart = i;
    else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (open.length >= limits.depth) return violation('depth', open.length);
      open.push({ array: byte === OPEN_ARRAY, commas: 0, key: '' });
      justOpened = true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) open.pop();
    else if (byte === COLON && top && !top.array) top.key = keyAt(bytes, lastString);
    else if (byte === COMMA && top) {
      if (top.array && ++top.commas >= limits.arrayItems) return violation('arrayItems', open.length - 1);
      if (++values > limits.values) return violation('values', 0);
    }
  }
  return null;
}

/** Where the scan is, as findJsonViolation names it: `measures[3].description`. */
function pathOf(levels: OpenContainer[]): string {
  return levels.reduce((path, level) => (level.array ? `${path}[${level.commas}]` : path ? `${path}.${level.key}` : level.key), '');
}

function keyAt(bytes: Uint8Array, [start, end]: [number, number]): string {
  if (end - start > 4 * REQUEST_LIMITS.keyLength) return '…';
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8')) as string;
  } catch {
    return '…';
  }
}

/**
 * The first violation in a parsed JSON body (a limit, a NUL or lone surrogate, a reserved property name), or null. Iterative (a 100,000-deep body does not
 * recurse), and it stops at the first violation, so it reads at most `values` values.
 */
export function findJsonViolation(body: unknown, limits = REQUEST_LIMITS): RequestViolation | null {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  let values = 0;
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    // Too many values is a fault of the whole body, not of a place in it.
    if (++values > limits.values) return { kind: 'limit', limit: 'values', max: limits.values, at: '' };
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
      if (RESERVED_PROPERTY_NAMES.has(key)) return { kind: 'property', name: key, at };
      pending.push({ value: (value as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * A NUL or a lone surrogate percent-encoded anywhere in a raw request URL (path or query), or a
 * query parameter named `__proto__`, `constructor` or `prototype` (see RESERVED_PROPERTY_NAMES), or null.
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
  if (split >= 0) {
    for (const pair of url.slice(split + 1).split('&')) {
      const name = decodeQueryName(pair.split('=', 1)[0]);
      if (RESERVED_PROPERTY_NAMES.has(name)) return { kind: 'property', name, at: name };
    }
  }
  return null;
}

/** A query parameter's name as the query parser decodes it (`+` a space); a malformed one is left to the parser. */
function decodeQueryName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function badCharacter(text: string): 'NUL' | 'lone surrogate' | null {
  if (text.includes('\0')) return 'NUL';
  return LONE_SURROGATE.test(text) ? 'lone surrogate' : null;
}
