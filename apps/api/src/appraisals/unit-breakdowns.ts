import { Injectable } from '@nestjs/common';
import {
  accountabilityItem,
  appraisedCase,
  type AccountabilityFact,
  type AppraisalSchemeInForce,
  type AppraisedCase,
  type CaseFact,
  type DeductionItem,
} from '@app/domain';
import { AppraisalReader } from '@app/projections/appraisal/appraisal.reader';
import { CaseListReader } from '@app/projections/case-list/case-list.reader';
import type { Page } from '@app/projections/runner/keyset';
import { utf8 } from '../common/json-body';
import { VersionedMemo } from '../common/versioned-memo';

/** What a unit's breakdown reads besides the ranked year: the first page of its accountability decisions and of its cases. */
export interface UnitBreakdownRows {
  accountability: Page<AccountabilityFact>;
  cases: TitledPage<CaseFact>;
}

/**
 * A case as the breakdown lists it: its place in the indicators and its overdue deduction
 * (AppraisedCase), with the title it was filed under, so that a leader reading the list knows each
 * case by what it is about rather than by an id.
 */
export type ListedAppraisedCase = AppraisedCase & { title: string };

/** A page of rows and the titles of their cases (caseId → title). */
export interface TitledPage<T> {
  page: Page<T>;
  titles: ReadonlyMap<string, string>;
}

/**
 * A unit's breakdown at a version: its rows, and once asked its answer as JSON in UTF-8 in two parts,
 * each made once and the same at every instant of that version: the head (the figures, deductions
 * with the first page of accountability decisions, the scheme) and the first page of cases, judged.
 */
export class UnitBreakdown {
  private head: { items: DeductionItem[]; bytes: Buffer | null } | null = null;
  private cases: { page: Page<ListedAppraisedCase>; bytes: Buffer | null } | null = null;
  /**
   * The cases of the first page of accountability decisions found known to the unit (CaseLinks.shownTo),
   * so that its own requests of this version ask again only of those it was not notified of.
   */
  readonly casesKnownToUnit = new Set<string>();

  constructor(readonly rows: UnitBreakdownRows) {}

  /** The first page of accountability decisions as deduction items under the year's scheme in force (part of the version). */
  accountabilityItems(inForce: AppraisalSchemeInForce): DeductionItem[] {
    this.head ??= { items: this.rows.accountability.items.map((a) => accountabilityItem(a, inForce)), bytes: null };
    return this.head.items;
  }

  /**
   * `head` as JSON in UTF-8 without its closing brace, made once: what every request of this version
   * answers before its cases (UnitAppraisalAnswer), but the unit's own while a decision of the page is
   * on a case it may not know (CaseLinks), whose head is made for that request.
   */
  openHead(inForce: AppraisalSchemeInForce, head: () => object): Buffer {
    this.accountabilityItems(inForce);
    return (this.head!.bytes ??= utf8(JSON.stringify(head()).slice(0, -1)));
  }

  /**
   * The first page of cases as the breakdown lists them (appraisedCase: each case's place in the
   * indicators, its overdue deduction), judged once, at the instant of the first request of the
   * version that asks. Every instant of a version judges them alike: a case's judgement moves with
   * the instant only when one of its open deadlines becomes late, and the version changes at the
   * next such instant (AppraisalReader.yearVersion), which the ranked year's figures rely on too.
   */
  judgedCases(asOf: Date, inForce: AppraisalSchemeInForce): Page<ListedAppraisedCase> {
    this.cases ??= { page: judgedPage(this.rows.cases, asOf, inForce), bytes: null };
    return this.cases.page;
  }

  /** judgedCases as the answer's last member and its closing brace, `,"cases":…}` in UTF-8, made once: what follows openHead. */
  closingCases(asOf: Date, inForce: AppraisalSchemeInForce): Buffer {
    const page = this.judgedCases(asOf, inForce);
    return (this.cases!.bytes ??= utf8(`,"cases":${JSON.stringify(page)}}`));
  }
}

/** Cases as the breakdown lists them at `asOf`: each with its title, its place in the indicators and its overdue deduction. */
export function judgedPage({ page, titles }: TitledPage<CaseFact>, asOf: Date, inForce: AppraisalSchemeInForce): Page<ListedAppraisedCase> {
  const instant = asOf.toISOString();
  return {
    items: page.items.map((c) => {
      const { caseId, ...judged } = appraisedCase(c, instant, inForce);
      return { caseId, title: titles.get(caseId) ?? '', ...judged };
    }),
    nextCursor: page.nextCursor,
  };
}

/**
 * A page of the cases a unit leads in `year`, with their titles from the case list. A title is the
 * filing's and never changes, so reading it from another read model at its own position cannot
 * disagree with the page; a case the case list does not hold yet (it lags the appraisal by a
 * moment at most) is listed with the title '' (TitledPage.titles lacks it).
 */
export async function titledCases(
  appraisal: AppraisalReader,
  caseList: CaseListReader,
  year: number,
  unitId: string,
  request: { cursor?: string; limit?: number } = {},
): Promise<TitledPage<CaseFact>> {
  const page = await appraisal.cases(year, unitId, request);
  return { page, titles: await caseList.titles(page.items.map((c) => c.caseId)) };
}

/** Units whose breakdown rows are held at once: a leader opening units one after another, each a few times. */
export const UNIT_BREAKDOWNS_HELD = 64;

/**
 * A unit's breakdown rows of a year, read once per version of the year (AppraisalReader.yearVersion:
 * the read model's checkpoint, the scheme's revision, the next open deadline to become late) and
 * shared by the requests that find the same version. The rows are a function of the read model's
 * tables alone (the checkpoint); what they mean at an instant (a case's overdue deduction) changes
 * only where the version does (UnitBreakdown.judgedCases). The busiest unit of the bench's 1M-event
 * log has 304 accountability decisions: listed whole, they made its breakdown 117 kB.
 */
@Injectable()
export class UnitBreakdowns {
  private readonly memo = new VersionedMemo<UnitBreakdown>(UNIT_BREAKDOWNS_HELD);

  constructor(
    private readonly reader: AppraisalReader,
    private readonly caseList: CaseListReader,
  ) {}

  /**
   * The rows of `unitId`'s year at `version`, the version read at `asOf`. Not kept when a case's
   * title was not yet in the case list: the next request asks again rather than keep '' for the version.
   */
  at(year: number, unitId: string, version: string, asOf: Date): Promise<UnitBreakdown> {
    return this.memo.get(`${year} ${unitId}`, version, async () => {
      const [accountability, cases] = await Promise.all([
        this.reader.accountabilityPage(year, unitId),
        titledCases(this.reader, this.caseList, year, unitId),
      ]);
      const titled = cases.titles.size === cases.page.items.length; // a page names each case once
      const current = (await this.reader.yearVersion(year, asOf)).version === version;
      return { value: new UnitBreakdown({ accountability, cases }), keep: titled && current };
    });
  }

  /** How many units' rows are held (bounded by UNIT_BREAKDOWNS_HELD). */
  get size(): number {
    return this.memo.size;
  }
}
