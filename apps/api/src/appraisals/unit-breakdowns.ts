import { Injectable } from '@nestjs/common';
import { accountabilityItem, type AccountabilityFact, type CaseFact, type DeductionItem } from '@app/domain';
import { AppraisalReader } from '@app/projections/appraisal/appraisal.reader';
import type { Page } from '@app/projections/runner/keyset';
import { utf8 } from '../common/json-body';
import { VersionedMemo } from '../common/versioned-memo';

/** What a unit's breakdown reads besides the ranked year: the first page of its accountability decisions and of its cases. */
export interface UnitBreakdownRows {
  accountability: Page<AccountabilityFact>;
  cases: Page<CaseFact>;
}

/**
 * A unit's breakdown at a version: its rows, and once asked the answer without its page of cases
 * (the figures, deductions with the first page of accountability decisions, the scheme) as JSON in
 * UTF-8, the same at every instant of that version; the page's cases are judged at each request's instant.
 */
export class UnitBreakdown {
  private head: { items: DeductionItem[]; bytes: Buffer | null } | null = null;

  constructor(readonly rows: UnitBreakdownRows) {}

  /** The first page of accountability decisions as deduction items under the year's scheme in force (part of the version). */
  accountabilityItems(inForce: Parameters<typeof accountabilityItem>[1]): DeductionItem[] {
    this.head ??= { items: this.rows.accountability.items.map((a) => accountabilityItem(a, inForce)), bytes: null };
    return this.head.items;
  }

  /**
   * `head` as JSON in UTF-8 without its closing brace, made once: what every request of this version
   * answers before its cases (UnitAppraisalAnswer).
   */
  openHead(inForce: Parameters<typeof accountabilityItem>[1], head: () => object): Buffer {
    this.accountabilityItems(inForce);
    return (this.head!.bytes ??= utf8(JSON.stringify(head()).slice(0, -1)));
  }
}

/** Units whose breakdown rows are held at once: a leader opening units one after another, each a few times. */
export const UNIT_BREAKDOWNS_HELD = 64;

/**
 * A unit's breakdown rows of a year, read once per version of the year (AppraisalReader.yearVersion:
 * the read model's checkpoint, the scheme's revision, the next open deadline to become late) and
 * shared by the requests that find the same version. The rows are a function of the read model's
 * tables alone (the checkpoint); what they mean at the request's instant (a case's overdue
 * deduction) is still worked out per request from them. The busiest unit of the bench's 1M-event
 * log has 304 accountability decisions: listed whole, they made its breakdown 117 kB.
 */
@Injectable()
export class UnitBreakdowns {
  private readonly memo = new VersionedMemo<UnitBreakdown>(UNIT_BREAKDOWNS_HELD);

  constructor(private readonly reader: AppraisalReader) {}

  /** The rows of `unitId`'s year at `version`, the version read at `asOf`. */
  at(year: number, unitId: string, version: string, asOf: Date): Promise<UnitBreakdown> {
    return this.memo.get(`${year} ${unitId}`, version, async () => {
      const [accountability, cases] = await Promise.all([this.reader.accountabilityPage(year, unitId), this.reader.cases(year, unitId)]);
      return { value: new UnitBreakdown({ accountability, cases }), keep: (await this.reader.yearVersion(year, asOf)) === version };
    });
  }

  /** How many units' rows are held (bounded by UNIT_BREAKDOWNS_HELD). */
  get size(): number {
    return this.memo.size;
  }
}
