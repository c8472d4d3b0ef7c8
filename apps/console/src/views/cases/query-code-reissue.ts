import type { ProblemError } from '../../api/client';

/**
 * Whether a 补发查询码 was refused because another reissue of the same case committed first (two
 * clerks at once, or one clicking twice in two tabs): the API answers the later one 409
 * CONCURRENT_MODIFICATION and issues nothing for it (docs/rules.md, the query code). Nothing is
 * wrong then: the code the other reissue showed is the one in force.
 */
export function reissuedElsewhere(error: unknown): boolean {
  const refusal = error as Partial<ProblemError> | null;
  return refusal?.status === 409 && refusal.problem?.code === 'CONCURRENT_MODIFICATION';
}

/** What the clerk is told then, instead of a refusal. */
export const REISSUED_ELSEWHERE_MESSAGE = '另一次补发刚刚生成了新的查询码，本次未再补发：以那次显示的查询码为准；如未看到，请再次补发';
