/**
 * Values a verification quotes come from rows whoever holds the application's role may write (an
 * audit row's stream id, a planted checkpoint's key id): megabytes long, or holding line breaks and
 * terminal escapes that would forge a line of the report. Quoted, each is cut to a few words and
 * its control characters written out, where the failure is built: the report, the AuditLogVerified
 * event made from it and the CLI's lines stay small and say only what we wrote.
 */
export const QUOTED_CHARS = 120;

/** `value` cut to QUOTED_CHARS (then "…"), backslashes doubled and every control or format character escaped (\n, \u001b …); no quotes. */
export function bounded(value: unknown): string {
  let text = String(value);
  if (text.length > QUOTED_CHARS) {
    // Not half a surrogate pair at the cut.
    const end = /[\uD800-\uDBFF]/.test(text[QUOTED_CHARS - 1]) ? QUOTED_CHARS - 1 : QUOTED_CHARS;
    text = `${text.slice(0, end)}…`;
  }
  return escaped(text.replace(/\\/g, '\\\\'));
}

/** `value` as a quoted string, JSON.stringify-like, cut as `bounded` cuts. */
export function quoted(value: unknown): string {
  return `"${bounded(value).replace(/"/g, '\\"')}"`;
}

/**
 * Control (C0, C1) and format characters (bidi overrides, line and paragraph separators) and lone
 * surrogates escaped; backslashes left alone, so that text already escaped (a failure's message)
 * comes out the same: what the CLI does to every line it prints.
 */
export function escaped(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]|[\uD800-\uDFFF]/gu, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
