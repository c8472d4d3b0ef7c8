/** Global positions are PostgreSQL bigints: none is larger. */
const MAX_POSITION = 2n ** 63n - 1n;

/**
 * The position a list read from the log (campaigns, rankings) hands out as its `nextCursor`, read
 * back; undefined for anything else. Digits alone were taken before, and a number past the largest
 * bigint reached PostgreSQL, which refused it: a 500 for a client's mistake instead of the 400
 * every other bad cursor gets.
 */
export function positionCursor(cursor: string): bigint | undefined {
  if (!/^[0-9]{1,19}$/.test(cursor)) return undefined;
  const position = BigInt(cursor);
  return position <= MAX_POSITION ? position : undefined;
}
