/**
 * A JSON array as a query parameter for a `$n::json` placeholder: `JSON.stringify(items)` as a
 * string when it is small, else its UTF-8 bytes, each item stringified on its own, sent in binary
 * format.
 *
 * Why not always the string: pg measures a string parameter (`Buffer.byteLength`) before writing it.
 * V8 builds a large `JSON.stringify` result as a chain of pieces, and once it passes 64K characters
 * (128 kB of UTF-16, a large object) measuring it first flattens it at a cost of several times the
 * stringifying: 7.8 s of a 1M-event rebuild's Node thread for 993M characters (0.5 s once flat). A
 * small result comes out flat, so one string per item costs nothing to measure; they are copied
 * once into a buffer of the exact size. Rows of one table are alike, so the first item's length
 * tells which way to go. Timed on deadline rows of 500 characters: 10 rows 17 µs as a string, 21 as
 * a buffer; 140 rows 1.37 ms as a string, 0.39 as a buffer; a rebuild's 905M characters of rows
 * 13.3 s as strings, 9.0 s as buffers (bench/JOURNAL.md, 4 December).
 *
 * PostgreSQL's binary input of `json` is its text (json_recv validates and keeps it), so the
 * statement sees exactly the same value either way. Not for `jsonb`, whose binary input starts with
 * a version byte.
 */
export function jsonArrayParameter(items: readonly unknown[]): string | Buffer {
  if (items.length === 0) return '[]';
  // As JSON.stringify writes an array's element: what has no JSON form (undefined, a function) is null.
  const first = JSON.stringify(items[0]) ?? 'null';
  if (first.length * items.length <= FLAT_CHARACTERS) return JSON.stringify(items);
  const parts = new Array<string>(items.length);
  parts[0] = first;
  // The brackets and a comma between items.
  let size = items.length + 1 + Buffer.byteLength(first);
  for (let i = 1; i < items.length; i++) {
    const part = JSON.stringify(items[i]) ?? 'null';
    parts[i] = part;
    size += Buffer.byteLength(part);
  }
  const bytes = Buffer.allocUnsafe(size);
  let at = 0;
  bytes[at++] = 0x5b; // [
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) bytes[at++] = 0x2c; // ,
    at += bytes.write(parts[i], at);
  }
  bytes[at++] = 0x5d; // ]
  return bytes;
}

/** Half the length past which a UTF-16 string is a large object: a result this short stays one flat string. */
const FLAT_CHARACTERS = 32_768;
