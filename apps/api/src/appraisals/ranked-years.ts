import { Injectable } from '@nestjs/common';
import {
  outlineUnitAppraisal,
  rankWithinKind,
  type AppraisalSchemeInForce,
  type UnitAppraisalOutline,
  type UnitAppraisalSummary,
  type UnitKind,
} from '@app/domain';
import { AppraisalReader, type AppraisalYearTallies } from '@app/projections/appraisal/appraisal.reader';
import { SharedVersionReads } from '../common/shared-version-reads';

/** The scheme a table or a breakdown was computed under. */
export interface SchemeRef {
  version: string;
  /** null: the default scheme. */
  revision: number | null;
}

/** One row of the year's appraisal table: the unit's appraisal (fields as the domain defines them) without its breakdown. */
export interface AppraisalRow extends Pick<
  UnitAppraisalSummary,
  'unitId' | 'status' | 'missing' | 'weightedPoints' | 'deductedPoints' | 'score' | 'grade' | 'belowThreshold' | 'consequence'
> {
  name: string;
  kind: UnitKind;
  /** Within the unit's kind; equal scores share a rank; null while incomplete. */
  rank: number | null;
}

/** A unit of the ranked year: its outline (the figures of its row and of its breakdown), name and rank. */
export type RankedUnit = UnitAppraisalOutline & { name: string; rank: number | null };

/** Every unit of a year scored from its tallies and ranked within its kind, as of an instant. */
export interface RankedYear {
  scheme: SchemeRef;
  inForce: AppraisalSchemeInForce;
  /** The table's rows: by kind, then rank, then unit id. */
  rows: AppraisalRow[];
  units: ReadonlyMap<string, RankedUnit>;
}

/**
 * Scores every unit of the year with the domain's scheme evaluation, from the units' tallies, and
 * ranks them. Open handling deadlines are judged as of the tallies' instant: one not reported by the
 * end of its due day is overdue (超期) from then on, whether or not the deadline scheduler has run.
 */
export function rankYear({ inForce, units }: AppraisalYearTallies): RankedYear {
  const outlines = units.map(({ unit, inputs, tallies }) => ({
    ...outlineUnitAppraisal({ unitId: unit.unitId, unitKind: unit.kind, year: inForce.year, inputs }, tallies, inForce),
    name: unit.name,
  }));
  const ranked = rankWithinKind(outlines);
  return {
    scheme: { version: inForce.version, revision: inForce.revision },
    inForce,
    rows: ranked.map((a) => ({
      unitId: a.unitId,
      name: a.name,
      kind: a.unitKind,
      status: a.status,
      missing: a.missing,
      weightedPoints: a.weightedPoints,
      deductedPoints: a.deductedPoints,
      score: a.score,
      grade: a.grade,
      rank: a.rank,
      belowThreshold: a.belowThreshold,
      consequence: a.consequence,
    })),
    units: new Map(ranked.map((a) => [a.unitId, a])),
  };
}

/** Years held at once: the current one, the last, and a couple looked up. */
export const RANKED_YEARS_HELD = 4;

/**
 * The ranked year, computed once per state of what it is a pure function of and shared by every
 * request that finds the same state: the appraisal read model's checkpoint, the scheme's revision
 * and the open deadlines already late at the instant asked (AppraisalReader.yearVersion). Each
 * request reads that version (one indexed statement) and gets exactly what computing afresh at its
 * own instant would give; nothing is refreshed in the background, so no figure depends on when a
 * job ran. A few years at most are held, the least recently asked dropped first.
 */
@Injectable()
export class RankedYears {
  private readonly held = new Map<number, { version: string; ranked: Promise<RankedYear> }>();
  /** The version reads of one turn of the event loop, shared per year. */
  private readonly versions: SharedVersionReads;

  constructor(private readonly reader: AppraisalReader) {
    this.versions = new SharedVersionReads((year, asOf) => reader.yearVersion(Number(year), asOf));
  }

  async at(year: number, asOf: Date): Promise<RankedYear> {
    return (await this.versioned(year, asOf)).ranked;
  }

  /**
   * The ranked year with the version it is of (AppraisalReader.yearVersion), for a memo of what else
   * a request reads from the same read model (UnitBreakdowns), without reading the version twice.
   */
  async versioned(year: number, asOf: Date): Promise<{ version: string; ranked: RankedYear }> {
    const version = await this.versions.version(String(year), asOf);
    const held = this.held.get(year);
    if (held?.version === version) {
      this.held.delete(year);
      this.held.set(year, held);
      return { version, ranked: await held.ranked };
    }
    const computing = this.compute(year, asOf, version);
    const entry = { version, ranked: computing.then(({ ranked }) => ranked) };
    this.held.delete(year);
    this.held.set(year, entry);
    while (this.held.size > RANKED_YEARS_HELD) this.held.delete(this.held.keys().next().value!);
    // A failed computation, or one whose tallies may be of another version, is not kept.
    const forget = () => this.held.get(year) === entry && this.held.delete(year);
    computing.then(({ keep }) => keep || forget(), forget);
    return { version, ranked: await entry.ranked };
  }

  /**
   * The tallies are read by several statements, each with its own snapshot; when the version is the
   * same after them as before, nothing changed the read model in between (every change moves its
   * checkpoint), so they are the tallies of that version. Otherwise the answer is still one the read
   * model gave during this request, but it is not kept under that version.
   */
  private async compute(year: number, asOf: Date, version: string): Promise<{ ranked: RankedYear; keep: boolean }> {
    const ranked = rankYear(await this.reader.yearTallies(year, asOf));
    return { ranked, keep: (await this.reader.yearVersion(year, asOf)).version === version };
  }

  /** How many years are held (bounded by RANKED_YEARS_HELD). */
  get size(): number {
    return this.held.size;
  }
}
