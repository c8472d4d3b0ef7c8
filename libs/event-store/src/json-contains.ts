/**
 * Whether `value` contains `pattern` as PostgreSQL's jsonb `@>` reads it, for a store that has to
 * check AppendOptions.decidedOnLog itself (KurrentDB): an object contains every key of the pattern
 * with a value containing the pattern's; an array contains each element of the pattern's array in
 * some element of its own; anything else only an equal value. (A top-level array containing a bare
 * scalar, which `@>` also allows, is not needed here: patterns are objects.)
 */
export function jsonContains(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) {
    return Array.isArray(value) && pattern.every((wanted) => value.some((item) => jsonContains(item, wanted)));
  }
  if (pattern !== null && typeof pattern === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const object = value as Record<string, unknown>;
    return Object.entries(pattern).every(([key, wanted]) => Object.hasOwn(object, key) && jsonContains(object[key], wanted));
  }
  return value === pattern;
}
