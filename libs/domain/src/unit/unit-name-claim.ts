/**
 * A unit's name taken by a registration or a rename, recorded on the stream of that name (one per
 * name as unitNameKey compares names; apps/api's UnitNames makes its id). Two registrations of one
 * name at once both append here first, so one of them finds the other's claim and is decided again
 * (docs/rules.md#unit-registry): the name's stream is to a name what the stream `unit-<id>` is to an
 * id. A claim says who took the name last, not who bears it now: the unit's own stream says that
 * (a unit renamed or retired since, or a registration that failed after its claim, holds nothing).
 */
export type UnitNameClaimed = { type: 'UnitNameClaimed'; data: { unitId: string; name: string } };

export const UNIT_NAME_CLAIM_EVENT_SCHEMA_VERSIONS: Readonly<Record<UnitNameClaimed['type'], number>> = { UnitNameClaimed: 1 };

/** The streams of unit names: not `unit-`, whose streams are units (a unit id may begin with `name`). */
export const UNIT_NAME_STREAM_PREFIX = 'unitname-';
