import type { UnitKind } from '../../unit/unit.model';

/** What ranking needs of an appraisal. */
export interface Rankable {
  unitId: string;
  unitKind: UnitKind;
  /** null: incomplete, not ranked. */
  score: number | null;
}

/**
 * Ranks units within their kind (departments, towns and windows are appraised in separate
 * categories), highest score first. Equal scores share a rank and the next rank skips (1, 2, 2, 4);
 * incomplete units have no rank. Returns the appraisals by kind, then rank, then unit id.
 */
export function rankWithinKind<T extends Rankable>(appraisals: readonly T[]): Array<T & { rank: number | null }> {
  // A score's rank is 1 + how many of its kind score higher: the position of its first occurrence
  // among the kind's scores sorted high to low.
  const scoresByKind = new Map<string, number[]>();
  for (const a of appraisals) {
    if (a.score === null) continue;
    const scores = scoresByKind.get(a.unitKind);
    if (scores) scores.push(a.score);
    else scoresByKind.set(a.unitKind, [a.score]);
  }
  const rankOf = new Map<string, Map<number, number>>();
  for (const [kind, scores] of scoresByKind) {
    const ranks = new Map<number, number>();
    scores.sort((a, b) => b - a).forEach((score, i) => ranks.has(score) || ranks.set(score, i + 1));
    rankOf.set(kind, ranks);
  }
  const ranked = appraisals.map((a) => ({ ...a, rank: a.score === null ? null : rankOf.get(a.unitKind)!.get(a.score)! }));
  return ranked.sort(
    (a, b) =>
      compare(a.unitKind, b.unitKind) ||
      (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
      compare(a.unitId, b.unitId),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
