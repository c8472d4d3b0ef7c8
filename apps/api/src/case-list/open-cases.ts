import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { CASE_STREAM_PREFIX } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { ReadModelNotReady } from '@app/projections';
import { caseListProjection } from '@app/projections/case-list/case-list.projection';
import { CaseListReader } from '@app/projections/case-list/case-list.reader';
import { committedLogSettled } from '../common/committed-log';
import { ProjectionPositions } from '../common/projection-positions';

/**
 * The open cases an admin change must not orphan (a time-limit category in use, a unit that handles
 * cases), counted on the case-list read model — but only once it has applied every case event the
 * log held when the question was asked, so a case filed a moment ago is not missed because the read
 * model lags. When it cannot catch up in time the answer is 503 PROJECTION_NOT_READY: an admin change
 * is refused rather than let through unchecked. A case whose events commit after the check began
 * (a filing racing the publication) is not seen: a retirement's append confirms that none came
 * (holdingEvents), a publication's does not; docs/rules.md#admin-publications-and-open-cases.
 */
@Injectable()
export class OpenCases {
  constructor(
    private readonly reader: CaseListReader,
    private readonly positions: ProjectionPositions,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** Open cases per category code. */
  async byCategory(): Promise<Record<string, number>> {
    return (await this.caughtUp()) ? this.reader.openCasesByCategory() : {};
  }

  /** Open cases the unit handles now (lead or co-handling, neither disputed nor transferred away). */
  async heldBy(unitId: string): Promise<number> {
    return (await this.caughtUp()) ? this.reader.openCasesHeldBy(unitId) : 0;
  }

  /** Waits until the case list has applied the head of the case streams; false when no case was ever filed. */
  private async caughtUp(): Promise<boolean> {
    await this.settled();
    const head = await this.store.head({ filter: { streamPrefixes: [CASE_STREAM_PREFIX] } });
    if (!head) return false; // nothing to count, and the read model may not be built yet
    await this.positions.waitFor(caseListProjection, head.position.toString());
    return true;
  }

  /** Every case event committed before the check is in the global log (see committedLogSettled), or 503. */
  private async settled(): Promise<void> {
    if (!(await committedLogSettled(this.pool, SETTLE_TIMEOUT_MS)))
      throw new ReadModelNotReady(caseListProjection.name, 'has not reached that position yet');
  }
}

/** How long the check waits for the transactions running when it began (then 503, as a read model behind). */
const SETTLE_TIMEOUT_MS = 5_000;
