import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import type { Unit } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { ReadModelNotReady } from '@app/projections';
import { committedLogSettled } from '../common/committed-log';
import { ProjectionPositions } from '../common/projection-positions';
import { registeredUnitIds } from './registered-unit-ids';
import { UnitDirectory } from './unit-directory';

/** A unit of the registry with its stream's version: the If-Match of its next command (rename, retire). */
export type ListedUnit = Unit & { version: number };

export interface UnitList {
  items: ListedUnit[];
}

/** Every unit ever registered, retired ones included, in id order. `after`: see ListUnitsRequestDto. */
export class ListUnitsQuery extends Query<UnitList> {
  constructor(readonly after?: string) {
    super();
  }
}

/** How long the list waits for the transactions running when it began (then 503, retry shortly). */
const SETTLE_TIMEOUT_MS = 5_000;

/**
 * The registry from the log itself, not a read model, so it lags no command: the registrations
 * (UnitRegistered, by the events' type index) once every transaction running now has ended, then each
 * unit as its commands see it (UnitDirectory: held in memory, checked against the log in one round trip).
 */
@QueryHandler(ListUnitsQuery)
export class ListUnitsHandler implements IQueryHandler<ListUnitsQuery, UnitList> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly units: UnitDirectory,
    private readonly positions: ProjectionPositions,
  ) {}

  async execute({ after }: ListUnitsQuery): Promise<UnitList> {
    await this.positions.refuseUnrecorded(after);
    if (!(await committedLogSettled(this.pool, SETTLE_TIMEOUT_MS)))
      throw new ReadModelNotReady('unit registry', 'has not reached that position yet');
    const ids = [...(await registeredUnitIds(this.store))].sort();
    const units = await Promise.all(ids.map((id) => this.units.getWithVersion(id)));
    return { items: units.filter((u) => u !== null).map(({ unit, version }) => ({ ...unit, version })) };
  }
}
