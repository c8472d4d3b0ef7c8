import { DomainError } from '../shared/domain-error';
import { RankingErrors } from './ranking.decider';
import { differencesOf, type RankingBasis, type RankingDifference, type RankingRow } from './ranking.model';

/**
 * A published ranking computed again from the log alone, up to the positions its basis records and
 * judged at the same instant, against the rows it recorded.
 */
export interface RankingReproduction {
  /** Every rank and figure computed again is the one recorded. */
  identical: boolean;
  /** Each one that is not: `before` as recorded, `after` as computed again from the log. */
  differences: RankingDifference[];
}

/** The rows recorded with a ranking against the rows computed again from the log up to its basis. */
export function reproductionOf(recorded: readonly RankingRow[], reproduced: readonly RankingRow[]): RankingReproduction {
  const differences = differencesOf(recorded, reproduced);
  return { identical: differences.length === 0, differences };
}

/**
 * A ranking can be reproduced only by the definitions it was computed with: the read models and
 * their versions its basis records (`schemeVersion`). Code whose read models define the figures
 * otherwise (a version bumped since) would compute other figures from the same log, and the
 * differences would blame the record for a change of definitions: RANKING_SCHEME_CHANGED, naming both.
 */
export function unreproducibleScheme(basis: RankingBasis, runningScheme: string): DomainError | null {
  if (basis.schemeVersion === runningScheme) return null;
  return new DomainError(
    RankingErrors.RANKING_SCHEME_CHANGED,
    `The ranking was computed with ${basis.schemeVersion}; this version of the system defines its figures as ${runningScheme}, ` +
      'so computing it again would not reproduce it',
    { recorded: basis.schemeVersion, running: runningScheme },
  );
}
