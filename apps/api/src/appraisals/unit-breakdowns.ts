import { Injectable } from '@nestjs/common';
import type { AccountabilityFact, CaseFact } from '@app/domain';
import { AppraisalReader } from '@app/projections/appraisal/appraisal.reader';
import type { Page } from '@app/projections/runner/keyset';
import { VersionedMemo } from '../common/versioned-memo';

/** What a unit's breakdown reads besides the ranked year: its accountability decisions and the first page of its cases. */
export interface UnitBreakdownRows {
  accountability: AccountabilityFact[];
  cases: Page<CaseFact>;
}

/** Units whose breakdown rows are held at once: a leader opening units one after another, each a few times. */
export const UNIT_BREAKDOWNS_HELD = 64;

/**
 * A unit's breakdown rows of a year, read once per version of the year (AppraisalReader.yearVersion:
 * the read model's checkpoint, the scheme's revision, the next open deadline to become late) and
 * shared by the requests that find the same version. The rows are a function of the read model's
 * tables alone (the checkpoint); what they mean at the request's instant (a case's overdue
 * deduction) is still worked out per request from them. The busiest unit of a city has hundreds
 * of accountability decisions: reading them was most of the breakdown's cost.
 */
@Injectable()
export class UnitBreakdowns {
  private readonly memo = new VersionedMemo<UnitBreakdownRows>(UNIT_BREAKDOWNS_HELD);

  constructor(private readonly reader: AppraisalReader) {}

  /** The rows of `unitId`'s year at `version`, the version read at `asOf`. */
  rows(year: number, unitId: string, version: string, asOf: Date): Promise<UnitBreakdownRows> {
    return this.memo.get(`${year} ${unitId}`, version, async () => {
      const [accountability, cases] = await Promise.all([this.reader.accountability(year, unitId), this.reader.cases(year, unitId)]);
      return { value: { accountability, cases }, keep: (await this.reader.yearVersion(year, asOf)) === version };
    });
  }

  /** How many units' rows are held (bounded by UNIT_BREAKDOWNS_HELD). */
  get size(): number {
    return this.memo.size;
  }
}
