import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { unitDecider, unitStreamId, type UnitRegistered } from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventStore } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { ReadModelNotReady } from '@app/projections';
import { committedLogSettled } from '../common/committed-log';

/** Events read from the log per round trip. */
const PAGE = 1000;

/** How long a look-up waits for the transactions running when it began (then 503, retry shortly). */
const SETTLE_TIMEOUT_MS = 5_000;

/**
 * The active units under a unit, which a retirement must not orphan. From the log itself, not a
 * read model, so none is missed for lag: the registrations come from the global log once every
 * transaction running now has ended (a unit registered a moment ago is in it), and each candidate's
 * status from its own stream, which shows a retirement the moment it is committed.
 */
@Injectable()
export class UnitChildren {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** The units registered under `parentId` and not retired, in id order. */
  async activeUnder(parentId: string): Promise<string[]> {
    if (!(await committedLogSettled(this.pool, SETTLE_TIMEOUT_MS)))
      throw new ReadModelNotReady('unit registry', 'has not reached that position yet');
    const active = await Promise.all(
      [...(await this.registeredUnder(parentId))].map(async (id) => ((await this.isRetired(id)) ? null : id)),
    );
    return active.filter((id): id is string => id !== null).sort();
  }

  private async registeredUnder(parentId: string): Promise<Set<string>> {
    const registered = new Set<string>();
    for (let after: bigint | undefined; ;) {
      const page = await this.store.readAll({ after, limit: PAGE, filter: { eventTypes: ['UnitRegistered'] } });
      for (const e of page) {
        const data = e.data as UnitRegistered['data'];
        if (data.parentId === parentId) registered.add(data.unitId);
      }
      if (page.length < PAGE) return registered;
      after = page[page.length - 1].position;
    }
  }

  private async isRetired(unitId: string): Promise<boolean> {
    return (await loadAggregate(this.store, unitStreamId(unitId), unitDecider)).state?.status === 'retired';
  }
}
