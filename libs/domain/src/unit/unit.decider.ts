import type { StreamDeciderShape } from '../shared/decider';
import type { UnitCommand } from './unit.commands';
import { decideUnit } from './unit.decide';
import { UNIT_EVENT_SCHEMA_VERSIONS, type UnitEvent } from './unit.events';
import { evolveUnit, initialUnitState, type UnitState } from './unit.state';

/** The unit registry (单位) as a decider: one stream `unit-<id>` per unit. */
export const unitDecider: StreamDeciderShape<UnitCommand, UnitEvent, UnitState> = {
  initialState: initialUnitState,
  decide: decideUnit,
  evolve: evolveUnit,
  schemaVersion: (type) => UNIT_EVENT_SCHEMA_VERSIONS[type],
};
