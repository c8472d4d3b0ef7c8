/**
 * RFC 8785, the JSON Canonicalization Scheme (JCS): one byte sequence per JSON value, so that a hash
 * taken when an event is appended can be taken again from what the store hands back.
 *
 * - object keys sorted by their UTF-16 code units (JavaScript's default string order), no
 *   whitespace;
 * - strings and numbers exactly as ECMAScript's JSON.stringify writes them (RFC 8785 §3.2.2 adopts
 *   its string escaping and Number::toString), so `1.50` is `1.5`, `1e21` is `1e+21`, `-0` is `0`;
 * - what JSON.stringify leaves out (undefined, functions, symbols) is left out of objects and is
 *   `null` in arrays, and `toJSON` is honoured: the canonical form of a value is always the
 *   canonical form of `JSON.parse(JSON.stringify(value))`, i.e. of what a store keeps of it.
 *
 * The SQL twin, `event_chain_json(jsonb)`, lives in the PostgreSQL migration that introduced the
 * chain; a test holds the two to the same bytes.
 */
export function canonicalJson(value: unknown): string {
  const text = serialize(value, '');
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON representation');
  return text;
}

function serialize(input: unknown, key: string): string | undefined {
  let value = input;
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) value = value.valueOf();
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // JSON.stringify writes non-finite numbers as null, and -0 as 0.
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: a BigInt has no JSON representation');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    return '[' + value.map((item, i) => serialize(item, String(i)) ?? 'null').join(',') + ']';
  }
  const object = value as Record<string, unknown>;
  const members: string[] = [];
  for (const name of Object.keys(object).sort()) {
    const member = serialize(object[name], name);
    if (member !== undefined) members.push(JSON.stringify(name) + ':' + member);
  }
  return '{' + members.join(',') + '}';
}
