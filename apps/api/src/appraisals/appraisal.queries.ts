import { Inject, NotFoundException } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@app/platform';
import {
  accountabilityItem,
  appraisalYearNotBegun,
  type AppraisalSchemeInForce,
  type DeductionOutline,
  type UnitAppraisalOutline,
  type UnitKind,
} from '@app/domain';
import { appraisalProjection } from '@app/projections/appraisal/appraisal.projection';
import { AppraisalReader } from '@app/projections/appraisal/appraisal.reader';
import { CaseListReader } from '@app/projections/case-list/case-list.reader';
import type { Page } from '@app/projections/runner/keyset';
import type { PageRequestDto } from '../common/page.request.dto';
import { utf8 } from '../common/json-body';
import { ProjectionPositions } from '../common/projection-positions';
import type { RequestContext } from '../common/request-context';
import { unitScopeOf } from '../common/unit-scope';
import type { AppraisalReadRequestDto, AppraisalTableRequestDto } from './appraisals.request.dto';
import { RankedYears, type AppraisalRow, type RankedYear, type SchemeRef } from './ranked-years';
import { judgedPage, titledCases, UnitBreakdowns, type ListedAppraisedCase } from './unit-breakdowns';
import { CaseLinks, type ListedDeductionItem } from './case-links';

export type { AppraisalRow, SchemeRef } from './ranked-years';

export interface AppraisalTable {
  year: number;
  scheme: SchemeRef;
  units: AppraisalRow[];
}

/**
 * The year's table as answered: the table, shared by every request of its version and kind (never
 * changed once made), and its JSON, serialised and encoded by the first request that needs it.
 * Serialising the table of 158 units (40 kB) took 0.23 ms, a third of the route's own CPU at 1,600
 * requests a second; encoding it to UTF-8 for the socket, another 0.1 ms.
 */
export class AppraisalTableAnswer {
  private text?: string;
  private bytes?: Buffer;

  /**
   * `inForce`: the scheme the rows were scored under (the ranked year's own; not in the JSON), so
   * the export's 是否低于…分 header names the threshold its rows were judged against.
   */
  constructor(
    readonly table: AppraisalTable,
    readonly inForce: AppraisalSchemeInForce,
  ) {}

  /** Exactly JSON.stringify(table). */
  get json(): string {
    return (this.text ??= JSON.stringify(this.table));
  }

  /** `json` in UTF-8, as sent. */
  get body(): Buffer {
    return (this.bytes ??= utf8(this.json));
  }
}

/**
 * One unit's appraisal: the figures of its row with every component and deduction, the inspection
 * findings with their events, the first page of the accountability decisions with theirs (the rest:
 * GetUnitAccountabilityQuery with that deduction's `nextCursor`), and the first page of the cases
 * behind its indicators and overdue deduction (the rest: GetUnitAppraisalCasesQuery with `cases.nextCursor`).
 * A unit of a city can have hundreds of each in a year: the answer stays the size of two pages.
 */
export type UnitAppraisalView = Omit<UnitAppraisalOutline, 'deductions'> & {
  deductions: Array<Omit<DeductionOutline, 'items'> & { items?: readonly ListedDeductionItem[]; nextCursor?: string | null }>;
  name: string;
  rank: number | null;
  scheme: SchemeRef;
  cases: Page<ListedAppraisedCase>;
};

/**
 * One unit's appraisal as answered: its JSON in UTF-8 (exactly JSON.stringify of a UnitAppraisalView)
 * in two parts made once per version of the year (UnitBreakdown): the head, with every figure and
 * the first page of accountability decisions, and the first page of cases, judged.
 */
export class UnitAppraisalAnswer {
  constructor(readonly body: readonly [openHead: Buffer, closingCases: Buffer]) {}
}

/** Every unit's score for a year under that year's scheme, ranked within its kind (one kind only if asked). */
export class GetAppraisalTableQuery extends Query<AppraisalTableAnswer> {
  constructor(
    readonly year: number,
    readonly request: AppraisalTableRequestDto,
  ) {
    super();
  }
}

/**
 * One unit's score with its breakdown down to the events, the cases a page at a time. A unit caller
 * reads only its own: to it another unit's appraisal does not exist (404 UNIT_NOT_FOUND, the code for
 * a unit not appraised that year, saying that a unit reads its own only: `ownUnitId`).
 */
export class GetUnitAppraisalQuery extends Query<UnitAppraisalAnswer> {
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
 * A further page of the accountability decisions against a unit; who may read them as for the
 * breakdown, and to the unit itself a decision on a case it may not know without the case (CaseLinks).
 */
export class GetUnitAccountabilityQuery extends Query<Page<ListedDeductionItem>> {
  constructor(
    readonly year: number,
    readonly unitId: string,
    readonly request: PageRequestDto,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

/** A further page of the cases behind a unit's indicators and overdue deduction; who may read them as for the breakdown. */
export class GetUnitAppraisalCasesQuery extends Query<Page<ListedAppraisedCase>> {
  constructor(
    readonly year: number,
    readonly unitId: string,
    readonly request: PageRequestDto,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

@QueryHandler(GetAppraisalTableQuery)
export class GetAppraisalTableHandler implements IQueryHandler<GetAppraisalTableQuery, AppraisalTableAnswer> {
  /**
   * By ranked year and kind. RankedYears gives every request of a version of the year the same
   * RankedYear, so an answer is made once per version; it goes with the version it was made of.
   */
  private readonly answers = new WeakMap<RankedYear, Map<UnitKind | null, AppraisalTableAnswer>>();

  constructor(
    private readonly years: RankedYears,
    private readonly positions: ProjectionPositions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ year, request }: GetAppraisalTableQuery): Promise<AppraisalTableAnswer> {
    requireYearBegun(year, this.clock.now());
    await this.positions.waitFor(appraisalProjection, request.after);
    const kind = request.kind ?? null;
    const ranked = await this.years.at(year, this.clock.now());
    let byKind = this.answers.get(ranked);
    if (!byKind) this.answers.set(ranked, (byKind = new Map()));
    let answer = byKind.get(kind);
    if (!answer) {
      const units = kind === null ? ranked.rows : ranked.rows.filter((row) => row.kind === kind);
      answer = new AppraisalTableAnswer({ year, scheme: ranked.scheme, units }, ranked.inForce);
      byKind.set(kind, answer);
    }
    return answer;
  }
}

/**
 * The unit's figures and rank come from the ranked year (every unit's tallies, the table's numbers);
 * the events behind its counts from its own rows, read for it alone: its accountability decisions
 * and the first page of its cases, held per version of the year (UnitBreakdowns). To the unit itself,
 * a decision on a case it was never notified of names no case (CaseLinks): that head is its own.
 */
@QueryHandler(GetUnitAppraisalQuery)
export class GetUnitAppraisalHandler implements IQueryHandler<GetUnitAppraisalQuery, UnitAppraisalAnswer> {
  constructor(
    private readonly years: RankedYears,
    private readonly breakdowns: UnitBreakdowns,
    private readonly caseLinks: CaseLinks,
    private readonly positions: ProjectionPositions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ year, unitId, request, caller }: GetUnitAppraisalQuery): Promise<UnitAppraisalAnswer> {
    const asOf = this.clock.now();
    const { ranked, unit, version } = await appraisedUnit(this.years, this.positions, { year, unitId, after: request.after, caller, asOf });
    const breakdown = await this.breakdowns.at(year, unitId, version, asOf);
    const items = breakdown.accountabilityItems(ranked.inForce);
    const shown = await this.caseLinks.shownTo(items, unitScopeOf(caller), breakdown.casesKnownToUnit);
    const head = (): Omit<UnitAppraisalView, 'cases'> => {
      const nextCursor = breakdown.rows.accountability.nextCursor;
      const deductions = unit.deductions.map((d) => (d.deduction === 'accountability' ? { ...d, items: shown, nextCursor } : d));
      return { ...unit, deductions, scheme: ranked.scheme };
    };
    // The shared head, unless a decision is withheld from this caller: then its own, made for it.
    const openHead = shown === items ? breakdown.openHead(ranked.inForce, head) : utf8(JSON.stringify(head()).slice(0, -1));
    return new UnitAppraisalAnswer([openHead, breakdown.closingCases(asOf, ranked.inForce)]);
  }
}

@QueryHandler(GetUnitAppraisalCasesQuery)
export class GetUnitAppraisalCasesHandler implements IQueryHandler<GetUnitAppraisalCasesQuery, Page<ListedAppraisedCase>> {
  constructor(
    private readonly years: RankedYears,
    private readonly reader: AppraisalReader,
    private readonly caseList: CaseListReader,
    private readonly positions: ProjectionPositions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ year, unitId, request, caller }: GetUnitAppraisalCasesQuery): Promise<Page<ListedAppraisedCase>> {
    const asOf = this.clock.now();
    const { ranked } = await appraisedUnit(this.years, this.positions, { year, unitId, after: request.after, caller, asOf });
    const cases = await titledCases(this.reader, this.caseList, year, unitId, { cursor: request.cursor, limit: request.limit });
    return judgedPage(cases, asOf, ranked.inForce);
  }
}

@QueryHandler(GetUnitAccountabilityQuery)
export class GetUnitAccountabilityHandler implements IQueryHandler<GetUnitAccountabilityQuery, Page<ListedDeductionItem>> {
  constructor(
    private readonly years: RankedYears,
    private readonly reader: AppraisalReader,
    private readonly caseLinks: CaseLinks,
    private readonly positions: ProjectionPositions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ year, unitId, request, caller }: GetUnitAccountabilityQuery): Promise<Page<ListedDeductionItem>> {
    const asOf = this.clock.now();
    const { ranked } = await appraisedUnit(this.years, this.positions, { year, unitId, after: request.after, caller, asOf });
    const page = await this.reader.accountabilityPage(year, unitId, { cursor: request.cursor, limit: request.limit });
    const items = page.items.map((a) => accountabilityItem(a, ranked.inForce));
    return { items: [...(await this.caseLinks.shownTo(items, unitScopeOf(caller)))], nextCursor: page.nextCursor };
  }
}

/** The unit in the ranked year, if the caller may read it (404) and the year has begun (422) and it is appraised that year (404). */
async function appraisedUnit(
  years: RankedYears,
  positions: ProjectionPositions,
  { year, unitId, after, caller, asOf }: { year: number; unitId: string; after?: string; caller: RequestContext; asOf: Date },
) {
  const confinedTo = unitScopeOf(caller);
  if (confinedTo !== null && confinedTo !== unitId) throw notShownToUnit(unitId, year, confinedTo);
  requireYearBegun(year, asOf);
  await positions.waitFor(appraisalProjection, after);
  const { version, ranked } = await years.versioned(year, asOf);
  const unit = ranked.units.get(unitId);
  if (!unit) throw notAppraised(unitId, year);
  return { ranked, unit, version };
}

/**
 * A year after the current one in Beijing is not answered as if appraised (every unit at full score,
 * nothing recorded yet): 422 APPRAISAL_YEAR_IN_FUTURE naming `year`, as recording its inputs is. The
 * year in progress is answered, as it stands.
 */
function requireYearBegun(year: number, asOf: Date): void {
  const notBegun = appraisalYearNotBegun(year, asOf.toISOString());
  if (notBegun) throw notBegun;
}

function notAppraised(unitId: string, year: number): NotFoundException {
  return new NotFoundException({ code: 'UNIT_NOT_FOUND', message: `Unit ${unitId} is not appraised in ${year}`, unitId, year });
}

/**
 * To a unit, another unit's appraisal is 404 UNIT_NOT_FOUND, the answer for a unit not appraised (the
 * house rule of unit-visibility.ts: what a unit may not read is absent to it, not 403). Said as it is:
 * a unit reads its own appraisal only (`ownUnitId`), not that the other unit is not appraised, which
 * was false. Asked before anything is looked up, so the answer is the same whether that unit exists,
 * is appraised or not: it tells the unit nothing of it.
 */
function notShownToUnit(unitId: string, year: number, ownUnitId: string): NotFoundException {
  const message = `A unit reads only its own appraisal (unit ${ownUnitId}'s): unit ${unitId}'s of ${year} is not shown to it`;
  return new NotFoundException({ code: 'UNIT_NOT_FOUND', message, unitId, year, ownUnitId });
}
