import { Inject, NotFoundException } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@app/platform';
import { evaluateUnitAppraisal, rankWithinKind, summariseUnitAppraisal, type UnitAppraisal, type UnitKind } from '@app/domain';
import { appraisalProjection } from '@app/projections/appraisal/appraisal.projection';
import { AppraisalReader, type AppraisalYearTallies } from '@app/projections/appraisal/appraisal.reader';
import { ProjectionPositions } from '../common/projection-positions';
import type { RequestContext } from '../common/request-context';
import { unitScopeOf } from '../common/unit-scope';
import type { AppraisalReadRequestDto, AppraisalTableRequestDto } from './appraisals.request.dto';

/** The scheme a table or a breakdown was computed under. */
export interface SchemeRef {
  version: string;
  /** null: the default scheme. */
  revision: number | null;
}

/** One row of the year's appraisal table: the unit's appraisal (fields as the domain defines them) without its breakdown. */
export interface AppraisalRow extends Pick<
  UnitAppraisal,
  'unitId' | 'status' | 'missing' | 'weightedPoints' | 'deductedPoints' | 'score' | 'grade' | 'belowThreshold' | 'consequence'
> {
  name: string;
  kind: UnitKind;
  /** Within the unit's kind; equal scores share a rank; null while incomplete. */
  rank: number | null;
}

export interface AppraisalTable {
  year: number;
  scheme: SchemeRef;
  units: AppraisalRow[];
}

export type UnitAppraisalView = UnitAppraisal & { name: string; rank: number | null; scheme: SchemeRef };

/** Every unit's score for a year under that year's scheme, ranked within its kind (one kind only if asked). */
export class GetAppraisalTableQuery extends Query<AppraisalTable> {
  constructor(
    readonly year: number,
    readonly request: AppraisalTableRequestDto,
  ) {
    super();
  }
}

/**
 * One unit's score with its breakdown down to the events. A unit caller reads only its own: to it
 * another unit's appraisal does not exist (404, the answer for a unit not appraised that year).
 */
export class GetUnitAppraisalQuery extends Query<UnitAppraisalView> {
  constructor(
    readonly year: number,
    readonly unitId: string,
    readonly request: AppraisalReadRequestDto,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

/**
 * Scores every unit of the year with the domain's scheme evaluation, from the units' tallies, and
 * ranks them. Open handling deadlines are judged as of now (the clock): one not reported by the end
 * of its due day is overdue (超期) from then on, whether or not the deadline scheduler has run.
 */
function rankYear({ inForce, units }: AppraisalYearTallies) {
  const appraisals = units.map(({ unit, inputs, tallies }) => ({
    ...summariseUnitAppraisal({ unitId: unit.unitId, unitKind: unit.kind, year: inForce.year, inputs }, tallies, inForce),
    name: unit.name,
  }));
  return { scheme: { version: inForce.version, revision: inForce.revision }, ranked: rankWithinKind(appraisals) };
}

@QueryHandler(GetAppraisalTableQuery)
export class GetAppraisalTableHandler implements IQueryHandler<GetAppraisalTableQuery, AppraisalTable> {
  constructor(
    private readonly reader: AppraisalReader,
    private readonly positions: ProjectionPositions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ year, request }: GetAppraisalTableQuery): Promise<AppraisalTable> {
    await this.positions.waitFor(appraisalProjection, request.after);
    const kind = request.kind ?? null;
    const { scheme, ranked } = rankYear(await this.reader.yearTallies(year, this.clock.now()));
    const units = ranked
      .filter((a) => kind === null || a.unitKind === kind)
      .map((a) => ({
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
      }));
    return { year, scheme, units };
  }
}

/** The unit's rank comes from the year's table (every unit's tallies); its breakdown from its own cases, read for it alone. */
@QueryHandler(GetUnitAppraisalQuery)
export class GetUnitAppraisalHandler implements IQueryHandler<GetUnitAppraisalQuery, UnitAppraisalView> {
  constructor(
    private readonly reader: AppraisalReader,
    private readonly positions: ProjectionPositions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ year, unitId, request, caller }: GetUnitAppraisalQuery): Promise<UnitAppraisalView> {
    const confinedTo = unitScopeOf(caller);
    if (confinedTo !== null && confinedTo !== unitId) throw notAppraised(unitId, year);
    await this.positions.waitFor(appraisalProjection, request.after);
    const asOf = this.clock.now();
    const [table, own] = await Promise.all([this.reader.yearTallies(year, asOf), this.reader.unitYear(year, unitId, asOf)]);
    const { scheme, ranked } = rankYear(table);
    const row = ranked.find((a) => a.unitId === unitId);
    if (!row || !own) throw notAppraised(unitId, year);
    return { ...evaluateUnitAppraisal(own.facts, own.inForce), name: row.name, rank: row.rank, scheme };
  }
}

function notAppraised(unitId: string, year: number): NotFoundException {
  return new NotFoundException({ code: 'UNIT_NOT_FOUND', message: `Unit ${unitId} is not appraised in ${year}`, unitId });
}
