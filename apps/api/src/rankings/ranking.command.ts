import type { Pool } from 'pg';
import { isDomainError, rankingIdMistake } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { RANKING_USAGE } from '../command-usages';
import { reproduceRanking, type RankingReproductionView } from './ranking-reproduction.query';

/**
 * `npm run ranking -- reproduce <id> [--json]` (docs/ledger.md#reproducing-a-ranking): what the
 * HTTP route answers, for an operator or the discipline office's scripts. Returns the exit status: 0
 * identical, 1 not identical or refused (RANKING_NOT_FOUND, RANKING_SCHEME_CHANGED: said on `out`), 64
 * bad usage (an id that is not a ranking id among it, as the route answers it 400).
 */
export async function runRankingCommand(
  args: readonly string[],
  { pool, store, out }: { pool: Pool; store: EventStore; out: (line: string) => void },
): Promise<number> {
  const json = args.includes('--json');
  const [command, id, ...rest] = args.filter((a) => a !== '--json');
  if (command !== 'reproduce' || !id || rest.length > 0) {
    out(RANKING_USAGE);
    return 64;
  }
  const mistake = rankingIdMistake(id);
  if (mistake) {
    out(`${mistake}\n${RANKING_USAGE}`);
    return 64;
  }
  let reproduction: RankingReproductionView;
  try {
    reproduction = await reproduceRanking(pool, store, id);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    out(`${error.code}: ${error.message}`);
    return 1;
  }
  if (json) out(JSON.stringify(reproduction, null, 2));
  else for (const line of describeReproduction(reproduction)) out(line);
  return reproduction.identical ? 0 : 1;
}

/** A reproduction in lines for a person: the record checked, how far the log was replayed, and each difference. */
export function describeReproduction({ rankingId, reproduced, basis, identical, differences }: RankingReproductionView): string[] {
  const positions = Object.entries(basis.readModels).map(([name, position]) => `${name} ${position}`);
  return [
    `Ranking ${rankingId}: the rows in force (${reproduced.type} ${reproduced.eventId}), judged at ${basis.computedAt}.`,
    `Replayed from the log up to: ${positions.join(', ')} (${basis.schemeVersion}).`,
    identical
      ? 'Identical: every rank and figure is what the log bears out.'
      : `Not identical: ${differences.length} rank(s) or figure(s) differ from what the log bears out:`,
    ...differences.map((d) => `  ${d.unitId} ${d.field}: recorded ${d.before ?? '-'}, from the log ${d.after ?? '-'}`),
  ];
}
