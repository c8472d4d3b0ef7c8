import { Inject, Injectable } from '@nestjs/common';
import { DomainError, isUnitId, UnitErrors, unitDecider, unitStreamId, type ParentUnitFacts, type Unit } from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventStore } from '@app/event-store';

/**
 * Looks units up in the registry (单位, streams `unit-<id>`) for the application services that
 * refer to them: a case's complained unit, a dispatch target, an appraisal's unit, a new unit's
 * parent (a retiring unit's children: UnitChildren). Reads the log each time, so a retirement counts at once.
 */
@Injectable()
export class UnitDirectory {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The unit as registered, retired or not; null when no unit has this id. */
  async get(unitId: string): Promise<Unit | null> {
    // An id that breaks the pattern can never have been registered: no need to ask the store.
    if (!isUnitId(unitId)) return null;
    return (await loadAggregate(this.store, unitStreamId(unitId), unitDecider)).state;
  }

  /**
   * The unit, if it is registered and not retired; otherwise throws DomainError UNIT_NOT_FOUND or
   * UNIT_RETIRED whose details name the unit and the request `field` that referred to it.
   */
  async requireActive(unitId: string, field = 'unitId'): Promise<Unit> {
    const unit = await this.get(unitId);
    if (!unit) throw new DomainError(UnitErrors.UNIT_NOT_FOUND, `Unit ${unitId} is not registered`, { unitId, field });
    if (unit.status === 'retired') throw new DomainError(UnitErrors.UNIT_RETIRED, `Unit ${unitId} is retired`, { unitId, field });
    return unit;
  }

  /** What RegisterUnit needs to know about the intended parent (null: a top-level unit). */
  async parentFacts(parentId: string | null | undefined): Promise<ParentUnitFacts | null> {
    if (parentId === null || parentId === undefined) return null;
    const parent = await this.get(parentId);
    return { unitId: parentId, exists: parent !== null, retired: parent?.status === 'retired' };
  }
}
