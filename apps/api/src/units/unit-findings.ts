import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  FINDING_STREAM_PREFIX,
  findingAsksOf,
  findingDecider,
  findingStreamId,
  type FindingRaised,
  type MeasuresPlanned,
} from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventStore } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { ReadModelNotReady } from '@app/projections';
import { committedLogSettled } from '../common/committed-log';

/** Events read from the log per round trip. */
const PAGE = 1000;

/** How long a look-up waits for the transactions running when it began (then 503, retry shortly). */
const SETTLE_TIMEOUT_MS = 5_000;

/**
 * The findings of the ledger a retiring unit still answers for (findingAsksOf: against it with no
 * measure yet, or with a measure it answers for not yet re-checked), which a retirement must not
 * leave to a retired unit (UNIT_HAS_OPEN_FINDINGS). From the log itself, as the active children are
 * (UnitChildren), so none is missed for a read model's lag: the findings that name the unit
 * (raised against it, or a measure it is responsible for) from the global log once every
 * transaction running now has ended, then each one as its own stream has it now.
 */
@Injectable()
export class UnitFindings {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** The ids of the findings that still ask something of the unit, in order. */
  async openFor(unitId: string): Promise<string[]> {
    if (!(await committedLogSettled(this.pool, SETTLE_TIMEOUT_MS)))
      throw new ReadModelNotReady('ledger', 'has not reached that position yet');
    const open = await Promise.all(
      [...(await this.naming(unitId))].map(async (findingId) => {
        const { state } = await loadAggregate(this.store, findingStreamId(findingId), findingDecider);
        return findingAsksOf(state, unitId) ? findingId : null;
      }),
    );
    return open.filter((id): id is string => id !== null).sort();
  }

  /** The findings raised against the unit, or with a measure it is responsible for. */
  private async naming(unitId: string): Promise<Set<string>> {
    const found = new Set<string>();
    for (let after: bigint | undefined; ;) {
      const page = await this.store.readAll({ after, limit: PAGE, filter: { eventTypes: ['FindingRaised', 'MeasuresPlanned'] } });
      for (const e of page) {
        if (!e.streamId.startsWith(FINDING_STREAM_PREFIX)) continue;
        if (e.type === 'FindingRaised' && (e.data as FindingRaised['data']).unitId === unitId)
          found.add(e.streamId.slice(FINDING_STREAM_PREFIX.length));
        if (e.type === 'MeasuresPlanned' && (e.data as MeasuresPlanned['data']).measures.some((m) => m.responsibleUnitId === unitId)) {
          found.add(e.streamId.slice(FINDING_STREAM_PREFIX.length));
        }
      }
      if (page.length < PAGE) return found;
      after = page[page.length - 1].position;
    }
  }
}
