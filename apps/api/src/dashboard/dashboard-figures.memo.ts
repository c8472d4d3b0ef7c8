import { Injectable } from '@nestjs/common';
import type { DashboardBucket, DashboardScope, TrendInterval } from '@app/projections/dashboard/dashboard-figures';
import { DashboardReader } from '@app/projections/dashboard/dashboard.reader';
import { SharedVersionReads } from '../common/shared-version-reads';
import { VersionedMemo } from '../common/versioned-memo';

/** Scopes and intervals whose figures are held at once: the summaries and trends a few leaders have open. */
export const DASHBOARD_FIGURES_HELD = 64;

/**
 * The dashboard's figures (a summary, or a trend's buckets) of a scope, computed once per version of
 * the read model (DashboardReader.figuresVersion: its checkpoint and the next pending instant after
 * the one asked about) and shared by the requests that find the same version: each request reads
 * that version (two indexed reads in one statement) and gets exactly what summing afresh at its own
 * instant would give. Summing a year of counts was most of the summary's cost. The requests of one
 * turn of the event loop share that read (SharedVersionReads).
 */
@Injectable()
export class DashboardFiguresMemo {
  private readonly memo = new VersionedMemo<DashboardBucket[]>(DASHBOARD_FIGURES_HELD);
  private readonly versions: SharedVersionReads;

  constructor(private readonly reader: DashboardReader) {
    this.versions = new SharedVersionReads((_, asOf) => reader.figuresVersion(asOf));
  }

  async figures(scope: DashboardScope, interval: TrendInterval | null, asOf: Date): Promise<DashboardBucket[]> {
    const version = await this.versions.version('figures', asOf);
    const key = JSON.stringify([scope.from, scope.to, scope.unitId, scope.category, scope.channel, interval]);
    return this.memo.get(key, version, async () => {
      const value = await this.reader.figures(scope, interval, asOf);
      return { value, keep: (await this.reader.figuresVersion(asOf)).version === version };
    });
  }

  /** How many scopes are held (bounded by DASHBOARD_FIGURES_HELD). */
  get size(): number {
    return this.memo.size;
  }
}
