import { Injectable } from '@nestjs/common';
import { DomainError, isUnitId, UnitErrors, unitDecider, unitStreamId, type ParentUnitFacts, type Unit } from '@app/domain';
import { toDomainEvent, type EventStore } from '@app/event-store';
import type { ConfigurationReading } from '../common/configuration-reading';
import { ConfigurationStreams, type StreamSnapshot } from '../common/configuration-streams';

/**
 * Looks units up in the registry (单位, streams `unit-<id>`) for the application services that
 * refer to them: a case's complained unit, a dispatch target, an appraisal's unit, a new unit's
 * parent (a retiring unit's children: UnitChildren). The streams are held in memory and checked
 * against the log's versions on every look-up (ConfigurationStreams), so a retirement counts at
 * once, on every API instance.
 */
@Injectable()
export class UnitDirectory {
  /** Each snapshot folded once: a unit's state until its stream moves. */
  private readonly folded = new WeakMap<StreamSnapshot, Unit | null>();
  /** Units found registered by isRegisteredForSignIn: at most the registry's size. */
  private readonly registered = new Set<string>();

  constructor(private readonly streams: ConfigurationStreams) {}

  /** A directory of its own over `store` (the unit seeder, specs). */
  static over(store: EventStore): UnitDirectory {
    return new UnitDirectory(new ConfigurationStreams(store));
  }

  /**
   * The unit as registered, retired or not; null when no unit has this id. `reading`: for a command
   * whose append confirms the unit's version (ConfigurationStreams.read); without it, checked.
   */
  async get(unitId: string, reading?: ConfigurationReading): Promise<Unit | null> {
    return (await this.getWithVersion(unitId, reading))?.unit ?? null;
  }

  /** The unit with its stream's version (what a command's If-Match names); null when no unit has this id. */
  async getWithVersion(unitId: string, reading?: ConfigurationReading): Promise<{ unit: Unit; version: number } | null> {
    // An id that breaks the pattern can never have been registered: no need to ask the store.
    if (!isUnitId(unitId)) return null;
    const snapshot = await this.streams.read(unitStreamId(unitId), reading);
    const unit = this.fold(snapshot);
    return unit ? { unit, version: snapshot.version } : null;
  }

  /**
   * For a query (a figure, a list; never a command): the unit as the version check already on its
   * way finds it, when one is (ConfigurationStreams.readForQuery), so concurrent queries share one
   * check: at most one round trip older than the request.
   */
  async getForQuery(unitId: string): Promise<Unit | null> {
    if (!isUnitId(unitId)) return null;
    return this.fold(await this.streams.readForQuery(unitStreamId(unitId)));
  }

  /**
   * For signing in (a unit user's token): whether the unit is registered, retired or not (a retired
   * unit's staff may still read its history). A unit once registered stays registered (its stream
   * only grows), so a yes is remembered and costs no round trip again, whatever the number of
   * requests; a no is asked each time (getForQuery: a unit registered since, on any instance, counts
   * at once), and is only ever the answer to a token that is refused.
   */
  async isRegisteredForSignIn(unitId: string): Promise<boolean> {
    if (this.registered.has(unitId)) return true;
    if (!(await this.getForQuery(unitId))) return false;
    this.registered.add(unitId);
    return true;
  }

  private fold(snapshot: StreamSnapshot): Unit | null {
    let unit = this.folded.get(snapshot);
    if (unit === undefined) {
      unit = snapshot.events.reduce((state, event) => unitDecider.evolve(state, toDomainEvent(event)), unitDecider.initialState());
      this.folded.set(snapshot, unit);
    }
    return unit;
  }

  /**
   * The unit, if it is registered and not retired; otherwise throws DomainError UNIT_NOT_FOUND or
   * UNIT_RETIRED whose details name the unit and the request `field` that referred to it.
   */
  async requireActive(unitId: string, field = 'unitId', reading?: ConfigurationReading): Promise<Unit> {
    return activeOrThrow(unitId, field, await this.get(unitId, reading));
  }

  /**
   * The unit, if it is registered, retired or not; otherwise throws DomainError UNIT_NOT_FOUND naming
   * the unit and the request `field`. For corrections of what a unit's record already holds (a
   * deduction withdrawn), which a retirement must not freeze.
   */
  async requireRegistered(unitId: string, field = 'unitId', reading?: ConfigurationReading): Promise<Unit> {
    return registeredOrThrow(unitId, field, await this.get(unitId, reading));
  }

  /**
   * requireActive for several units, looked up together (one check of the log); the first refused
   * in the given order is the error.
   */
  async requireAllActive(references: ReadonlyArray<{ unitId: string; field: string }>, reading?: ConfigurationReading): Promise<Unit[]> {
    const units = await Promise.all(references.map((r) => this.get(r.unitId, reading)));
    return references.map((r, i) => activeOrThrow(r.unitId, r.field, units[i]));
  }

  /** What RegisterUnit needs to know about the intended parent (null: a top-level unit); `reading`: as get's. */
  async parentFacts(parentId: string | null | undefined, reading?: ConfigurationReading): Promise<ParentUnitFacts | null> {
    if (parentId === null || parentId === undefined) return null;
    const parent = await this.get(parentId, reading);
    return { unitId: parentId, exists: parent !== null, retired: parent?.status === 'retired' };
  }
}

function registeredOrThrow(unitId: string, field: string, unit: Unit | null): Unit {
  if (!unit) throw new DomainError(UnitErrors.UNIT_NOT_FOUND, `Unit ${unitId} is not registered`, { unitId, field });
  return unit;
}

function activeOrThrow(unitId: string, field: string, found: Unit | null): Unit {
  const unit = registeredOrThrow(unitId, field, found);
  if (unit.status === 'retired') throw new DomainError(UnitErrors.UNIT_RETIRED, `Unit ${unitId} is retired`, { unitId, field });
  return unit;
}
