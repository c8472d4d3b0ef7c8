import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  UNIT_NAME_CLAIM_EVENT_SCHEMA_VERSIONS,
  UNIT_NAME_STREAM_PREFIX,
  unitNameKey,
  unitStreamId,
  type UnitNameClaimed,
} from '@app/domain';
import { EVENT_STORE, eventMetadata, type Actor, type EventStore, type StreamVersion } from '@app/event-store';
import { registeredUnitIds } from './registered-unit-ids';
import { UnitDirectory } from './unit-directory';

/** The stream of a unit name, one per name as unitNameKey compares names (hashed: a name may hold any character). */
export const unitNameStreamId = (name: string): string =>
  `${UNIT_NAME_STREAM_PREFIX}${createHash('sha256').update(unitNameKey(name), 'utf8').digest('hex')}`;

/** The active units by their names' keys (unitNameKey): several where names were registered twice before the rule. */
export type ActiveUnitsByName = ReadonlyMap<string, readonly string[]>;

/** What the registry says of a name for one unit's registration or rename, as read just now. */
export interface NameLookUp {
  /** The name asked for. */
  name: string;
  /** The active unit, other than this one, already bearing the name; null when none (RegisterUnit's `nameTakenBy`). */
  takenBy: string | null;
  /** The name's stream at the version read: the claim is appended there, at that version. */
  stream: StreamVersion;
  /**
   * The unit that claimed the name last, if another, at the version its stream had when read (after
   * the name's stream): the claim is appended only if it is still there, so a registration between
   * its claim and its event is either seen or made to fail (its event expects the name's stream unmoved).
   */
  lastClaimant: StreamVersion | null;
}

/**
 * Names in the unit registry, unique among active units (UNIT_NAME_IN_USE, docs/rules.md#unit-registry).
 * Who bears a name is read from the log: every registration, each unit as it stands now (UnitDirectory).
 * Two registrations or renames of one name at once are kept apart the way ids are: by a stream. A
 * unit's id is its stream's (`unit-<id>`), so the second registration of an id finds the first's
 * event; a name has a stream of its own (`unitname-<hash>`), where each registration or rename
 * appends UnitNameClaimed before its unit's event, and the unit's event is appended only if the
 * name's stream has not moved since (AppendOptions.decidedOn). Of two at once, the second to claim
 * finds the first's claim and reads that unit again; the first then finds the name's stream moved
 * and is decided again, and by then sees the other unit bearing the name.
 */
@Injectable()
export class UnitNames {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly units: UnitDirectory,
  ) {}

  /** Every active unit by its name's key, from the log (the registrations, then each unit as it stands). */
  async activeByName(): Promise<ActiveUnitsByName> {
    const ids = [...(await registeredUnitIds(this.store))].sort();
    const units = await Promise.all(ids.map((id) => this.units.get(id)));
    const byName = new Map<string, string[]>();
    for (const unit of units) {
      if (unit?.status !== 'active') continue;
      const key = unitNameKey(unit.name);
      byName.set(key, [...(byName.get(key) ?? []), unit.unitId]);
    }
    return byName;
  }

  /** For a registration or rename of `unitId` as `name`: who bears the name now, and the name's stream as read. */
  async lookUp(name: string, unitId: string): Promise<NameLookUp> {
    const streamId = unitNameStreamId(name);
    const claims = await this.store.readStream(streamId);
    const last = claims.at(-1);
    const claimant = (last?.data as UnitNameClaimed['data'] | undefined)?.unitId ?? null;
    // Read after the name's stream: a unit registered under the name since is among them, or its
    // claim was read above and its stream is read here (a claim just appended, its event not yet).
    const [active, claimantUnit] = await Promise.all([
      this.activeByName(),
      claimant !== null && claimant !== unitId ? this.units.getWithVersion(claimant) : null,
    ]);
    const key = unitNameKey(name);
    const bearers = [...(active.get(key) ?? [])];
    if (claimantUnit?.unit.status === 'active' && unitNameKey(claimantUnit.unit.name) === key) bearers.push(claimantUnit.unit.unitId);
    return {
      name,
      takenBy: bearers.find((id) => id !== unitId) ?? null,
      stream: { streamId, version: last?.streamVersion ?? 0 },
      lastClaimant:
        claimant !== null && claimant !== unitId ? { streamId: unitStreamId(claimant), version: claimantUnit?.version ?? 0 } : null,
    };
  }

  /**
   * Appends the claim of the name looked up for `unitId`, at the version read and only if the last
   * claimant's unit is still as read; answers the name's stream as it then is, which the unit's
   * event must find unmoved. A claim or a unit's event in between: WrongExpectedVersion or
   * StreamMoved, nothing written, and the caller looks the name up again.
   */
  async claim(look: NameLookUp, unitId: string, actor: Actor, at: string): Promise<StreamVersion> {
    const event: UnitNameClaimed = { type: 'UnitNameClaimed', data: { unitId, name: look.name.trim() } };
    const { nextVersion } = await this.store.appendToStream(
      look.stream.streamId,
      [
        {
          eventId: randomUUID(),
          type: event.type,
          schemaVersion: UNIT_NAME_CLAIM_EVENT_SCHEMA_VERSIONS[event.type],
          data: event.data,
          metadata: eventMetadata(actor, at),
        },
      ],
      {
        expectedVersion: look.stream.version === 0 ? 'no_stream' : look.stream.version,
        decidedOn: look.lastClaimant ? [look.lastClaimant] : [],
      },
    );
    return { streamId: look.stream.streamId, version: nextVersion };
  }
}

/** The active unit other than `unitId` bearing `name`, by the map activeByName answered; null when none. */
export function bearerOf(byName: ActiveUnitsByName, name: string, unitId: string): string | null {
  return byName.get(unitNameKey(name))?.find((id) => id !== unitId) ?? null;
}
