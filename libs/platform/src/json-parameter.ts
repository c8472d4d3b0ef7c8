/**
 * A JSON array as a query parameter for a `$n::json` placeholder, sent in binary format: the UTF-8
 * bytes of `JSON.stringify(items)`, each item stringified on its own.
 *
 * Why not the string itself: V8 builds a large `JSON.stringify` result as a chain of pieces, and pg
 * measures a string parameter (`Buffer.byteLength`) before writing it, which flattens that chain
 * first. For the megabyte-sized arrays of rows a rebuild upserts, that flattening cost more than the
 * stringifying: a rebuild of the bench's 1M-event log spent 7.8 s of its Node thread in it, for
 * 993M characters (0.5 s once flat). Small strings come out of `JSON.stringify` flat, so one per item
 * costs nothing to measure, and they are copied once into a buffer of the exact size. A rows array of
 * 1.1 MB (2,296 deadlines): 6–7 ms this way, 16–20 ms as one string.
 *
 * PostgreSQL's binary input of `json` is its text (json_recv validates and keeps it), so the
 * statement sees exactly the same value. Not for `jsonb`, whose binary input starts with a version
 * byte.
 */
export function jsonArrayParameter(items: readonly unknown[]): Buffer {
  const parts = new Array<string>(items.length);
  // The brackets and a comma between items.
  let size = items.length === 0 ? 2 : items.length + 1;
  for (let i = 0; i < items.length; i++) {
    // As JSON.stringify writes an array's element: what has no JSON form (undefined, a function) is null.
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
