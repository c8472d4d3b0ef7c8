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
  const ranked = appraisals.map((a) => ({
    ...a,
    rank:
      a.score === null ? null : 1 + appraisals.filter((b) => b.unitKind === a.unitKind && b.score !== null && b.score > a.score!).length,
  }));
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
