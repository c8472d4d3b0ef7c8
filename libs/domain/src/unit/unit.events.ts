import type { UnitKind } from './unit.model';

type Event<Type extends string, Data> = { type: Type; data: Data };

export type UnitRegistered = Event<'UnitRegistered', { unitId: string; name: string; kind: UnitKind; parentId: string | null }>;
export type UnitRenamed = Event<'UnitRenamed', { unitId: string; previousName: string; name: string }>;
export type UnitRetired = Event<'UnitRetired', { unitId: string; reason: string }>;

/** Everything that can happen to a unit (单位) in the registry. */
export type UnitEvent = UnitRegistered | UnitRenamed | UnitRetired;

export type UnitEventType = UnitEvent['type'];

/**
 * Schema version of each event type as written today. Bump it when a type's data changes shape,
 * and add an upcaster for the old version (read side) in the same change.
 */
export const UNIT_EVENT_SCHEMA_VERSIONS: Readonly<Record<UnitEventType, number>> = {
  UnitRegistered: 1,
  UnitRenamed: 1,
  UnitRetired: 1,
};

export const UNIT_EVENT_TYPES = Object.keys(UNIT_EVENT_SCHEMA_VERSIONS) as UnitEventType[];

/** The stream of one unit. */
export const unitStreamId = (unitId: string): string => `unit-${unitId}`;
export const UNIT_STREAM_PREFIX = 'unit-';
