import type { Response } from 'express';

/**
 * A JSON answer already encoded, in parts: what a route sends when most of its answer is the same
 * for every request of a version (the appraisal of the year, a unit's breakdown) and kept as bytes.
 * `response.json` would serialise, then encode the whole text to UTF-8 on every request (express's
 * `Buffer.from`, about 0.1 ms for the 40 kB table, more for a breakdown's 100 kB of mostly Chinese
 * text); these parts are written as they are, in one socket write (corked), with the headers
 * `response.json` sets. The route takes `@Res()` (not passthrough): Nest then leaves the reply to
 * it, which only routes whose answer nothing else takes up may do (ReadRoutes; a command route's
 * guard hooks `response.json`).
 */
export function sendJsonParts(response: Response, parts: readonly Buffer[]): void {
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader(
    'Content-Length',
    parts.reduce((sum, part) => sum + part.length, 0),
  );
  response.cork();
  for (const part of parts.slice(0, -1)) response.write(part);
  response.end(parts.at(-1));
  // `end` uncorks fully: the headers and every part go out in one write.
}

/** Text as the bytes `response.json` would send for it. */
export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}
