/**
 * A league table of units (排名 / 通报) as it was published: the figures each unit had, its rank,
 * and where in the log they were computed, so a published ranking never changes afterwards and a
 * correction is an amendment that names its differences.
 */

/** The figures a row ranks by and shows, by name (a rate's value, a count); null: nothing to count. */
export type RankingFigures = Readonly<Record<string, number | null>>;

/** One unit's row. Rank 1 is the best; units with equal figures share a rank. */
export interface RankingRow {
  unitId: string;
  name: string;
  rank: number;
  figures: RankingFigures;
}

/** The period the figures are of: a month (`2026-11`) or a year (`2026`), Beijing dates inclusive. */
export interface RankingPeriod {
  kind: 'month' | 'year';
  label: string;
  from: string;
  to: string;
}

/** Where the figures were computed: the log position the read model had applied, and what defined them. */
export interface RankingBasis {
  /** The global log position the figures include every event up to (a decimal string): the least of `readModels`. */
  position: string;
  /** Each read model's checkpoint in the snapshot the figures were read in, by name. */
  readModels: Readonly<Record<string, string>>;
  /** The definitions the figures follow (the read models and their versions). */
  schemeVersion: string;
  /** The instant deadlines and "overdue" were judged at. */
  computedAt: string;
}

/** A figure of one unit that an amendment changed. */
export interface RankingDifference {
  unitId: string;
  /** A figure's name, or `rank`. */
  field: string;
  before: number | null;
  after: number | null;
}

/**
 * The rows ranked: by each of `rankBy` in turn, higher first (a null last), then by unit id so the
 * order is total. Units whose `rankBy` figures are all equal share a rank (1, 2, 2, 4).
 */
export function rankRows(rows: ReadonlyArray<Omit<RankingRow, 'rank'>>, rankBy: readonly string[]): RankingRow[] {
  const key = (r: Omit<RankingRow, 'rank'>) => rankBy.map((f) => r.figures[f] ?? null);
  const compare = (a: Omit<RankingRow, 'rank'>, b: Omit<RankingRow, 'rank'>) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] === kb[i]) continue;
      if (ka[i] === null) return 1;
      if (kb[i] === null) return -1;
      return kb[i]! - ka[i]!;
    }
    return 0;
  };
  const sorted = [...rows].sort((a, b) => compare(a, b) || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
  const ranked: RankingRow[] = [];
  sorted.forEach((row, i) => {
    const rank = i > 0 && compare(sorted[i - 1], row) === 0 ? ranked[i - 1].rank : i + 1;
    ranked.push({ ...row, rank });
  });
  return ranked;
}

/** What changed from `before` to `after`, unit by unit (in id order), its rank and then its figures by name. */
export function differencesOf(before: readonly RankingRow[], after: readonly RankingRow[]): RankingDifference[] {
  const old = new Map(before.map((r) => [r.unitId, r]));
  const now = new Map(after.map((r) => [r.unitId, r]));
  const unitIds = [...new Set([...old.keys(), ...now.keys()])].sort();
  const differences: RankingDifference[] = [];
  for (const unitId of unitIds) {
    const [b, a] = [old.get(unitId), now.get(unitId)];
    // Rank first, then the figures by name: stored rows may come back with their keys in another order.
    const figures = [...new Set([...Object.keys(b?.figures ?? {}), ...Object.keys(a?.figures ?? {})])].sort();
    const fields = ['rank', ...figures];
    for (const field of fields) {
      const valueOf = (r: RankingRow | undefined) => (r === undefined ? null : field === 'rank' ? r.rank : (r.figures[field] ?? null));
      if (valueOf(b) !== valueOf(a)) differences.push({ unitId, field, before: valueOf(b), after: valueOf(a) });
    }
  }
  return differences;
}
