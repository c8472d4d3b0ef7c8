/**
 * A ranking's id is its period and unit kind (`2026-11-department`, `2026-town`): the rule the API
 * holds a route's `{id}` to (RankingIdPipe, 400) and `npm run ranking` its argument to (exit 64).
 * Here, pure and light, so that the command checks it before the API is loaded.
 */
export function isRankingId(id: string): boolean {
  return /^20\d\d(-(0[1-9]|1[0-2]))?-[a-z]{1,20}$/.test(id);
}

/** Why `id` cannot name a ranking, or null: a command-line mistake (exit 64), not a ranking not found. */
export function rankingIdMistake(id: string): string | null {
  return isRankingId(id) ? null : `"${id}" is not a ranking id (period and unit kind, e.g. 2026-11-department)`;
}
