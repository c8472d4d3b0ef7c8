import type { UnitEvent } from './unit.events';
import type { UnitKind } from './unit.model';

/** A unit as the registry knows it. Retired units stay: cases and appraisals still refer to them. */
export interface Unit {
  unitId: string;
  name: string;
  kind: UnitKind;
  /** 上级单位: the department an office or window belongs to; null for a top-level unit. */
  parentId: string | null;
  status: 'active' | 'retired';
  retiredReason: string | null;
}

/** null until the unit is registered. */
export type UnitState = Unit | null;

export function initialUnitState(): UnitState {
  return null;
}

/** Folds one event into a unit's state. */
export function evolveUnit(state: UnitState, event: UnitEvent): UnitState {
  switch (event.type) {
    case 'UnitRegistered':
      return { ...event.data, status: 'active', retiredReason: null };
    case 'UnitRenamed':
      return state && { ...state, name: event.data.name };
    case 'UnitRetired':
      return state && { ...state, status: 'retired', retiredReason: event.data.reason };
  }
}
