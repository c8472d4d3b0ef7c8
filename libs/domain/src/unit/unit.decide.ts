import { DomainError } from '../shared/domain-error';
import { visibleTextOf } from '../shared/visible-text';
import type { Decision } from '../shared/decider';
import type { NameTakenBy, RegisterUnit, RenameUnit, RetireUnit, UnitCommand } from './unit.commands';
import { UnitErrors as E } from './unit.errors';
import type { UnitEvent } from './unit.events';
import { isUnitId, isUnitKind, UNIT_KINDS, UNIT_NAME_MAX_LENGTH } from './unit.model';
import type { Unit, UnitState } from './unit.state';

/** Decides what a command does to a unit: the events to record, or the rule it would break. */
export function decideUnit(command: UnitCommand, state: UnitState): Decision<UnitEvent> {
  switch (command.type) {
    case 'RegisterUnit':
      return register(command, state);
    case 'RenameUnit':
      return rename(command, state);
    case 'RetireUnit':
      return retire(command, state);
  }
}

function register(c: RegisterUnit, state: UnitState): Decision<UnitEvent> {
  if (state) {
    return new DomainError(E.UNIT_ALREADY_REGISTERED, `Unit ${state.unitId} is already registered`, { field: 'id', unitId: state.unitId });
  }
  if (!isUnitId(c.unitId)) {
    return new DomainError(E.INVALID_UNIT_ID, 'A unit id is 1–64 lowercase letters, digits and inner hyphens', {
      field: 'unitId',
      unitId: c.unitId,
    });
  }
  const name = normaliseName(c.name);
  if (name instanceof DomainError) return name;
  const taken = nameInUse(name, c.nameTakenBy, c.unitId);
  if (taken) return taken;
  if (!isUnitKind(c.kind)) {
    return new DomainError(E.INVALID_UNIT_KIND, `A unit's kind is one of ${UNIT_KINDS.join(', ')}`, { field: 'kind', kind: c.kind });
  }
  const parentBroken = checkParent(c);
  if (parentBroken) return parentBroken;
  return [{ type: 'UnitRegistered', data: { unitId: c.unitId, name, kind: c.kind, parentId: c.parent?.unitId ?? null } }];
}

// No command moves a unit to another parent and a parent must already exist, so the hierarchy
// cannot form a cycle; only the unit naming itself as parent needs a rule.
function checkParent(c: RegisterUnit): DomainError | null {
  if (!c.parent) return null;
  const details = { field: 'parentId', parentId: c.parent.unitId };
  if (c.parent.unitId === c.unitId) return new DomainError(E.UNIT_PARENT_IS_ITSELF, 'A unit cannot be its own parent', details);
  if (!c.parent.exists) return new DomainError(E.PARENT_UNIT_NOT_FOUND, `Parent unit ${c.parent.unitId} is not registered`, details);
  if (c.parent.retired) return new DomainError(E.PARENT_UNIT_RETIRED, `Parent unit ${c.parent.unitId} is retired`, details);
  return null;
}

function rename(c: RenameUnit, state: UnitState): Decision<UnitEvent> {
  const unit = requireActive(state);
  if (unit instanceof DomainError) return unit;
  const name = normaliseName(c.name);
  if (name instanceof DomainError) return name;
  if (name === unit.name)
    return new DomainError(E.UNIT_NAME_UNCHANGED, `Unit ${unit.unitId} is already named ${name}`, { unitId: unit.unitId });
  const taken = nameInUse(name, c.nameTakenBy, unit.unitId);
  if (taken) return taken;
  return [{ type: 'UnitRenamed', data: { unitId: unit.unitId, previousName: unit.name, name } }];
}

function retire(c: RetireUnit, state: UnitState): Decision<UnitEvent> {
  const unit = requireActive(state);
  if (unit instanceof DomainError) return unit;
  const reason = visibleTextOf(c.reason);
  if (!reason) return new DomainError(E.RETIREMENT_REASON_REQUIRED, 'Retiring a unit needs a reason', { field: 'reason' });
  // Nothing may be left without the unit: retire (or move) its child units first, and have intake
  // transfer its open cases (改派) or let them close. Then no open case names a retired handler.
  const { activeChildren, openCases, openFindings } = c.holdings;
  if (activeChildren.length > 0) {
    return new DomainError(
      E.UNIT_HAS_ACTIVE_CHILDREN,
      `Unit ${unit.unitId} still has active units under it: ${activeChildren.join(', ')}`,
      {
        unitId: unit.unitId,
        children: [...activeChildren],
      },
    );
  }
  if (openCases > 0) {
    return new DomainError(E.UNIT_HAS_OPEN_CASES, `Unit ${unit.unitId} still handles ${openCases} open case(s); transfer them first`, {
      unitId: unit.unitId,
      openCases,
    });
  }
  // Nor a measure of the ledger owed by a retired unit, which could then neither report nor be re-checked.
  if (openFindings.length > 0) {
    return new DomainError(
      E.UNIT_HAS_OPEN_FINDINGS,
      `Unit ${unit.unitId} still answers for ${openFindings.length} open finding(s): ${openFindings.join(', ')}; see their measures through to the 回头看, or withdraw them, first`,
      { unitId: unit.unitId, openFindings: openFindings.length, findingIds: [...openFindings] },
    );
  }
  return [{ type: 'UnitRetired', data: { unitId: unit.unitId, reason } }];
}

/** Another active unit already bears the name (the application found it: RegisterUnit's `nameTakenBy`). */
function nameInUse(name: string, takenBy: NameTakenBy, unitId: string): DomainError | null {
  if (!takenBy || takenBy === unitId) return null;
  return new DomainError(E.UNIT_NAME_IN_USE, `Unit ${takenBy} is already named ${name}`, { field: 'name', name, takenBy });
}

function requireActive(state: UnitState): Unit | DomainError {
  if (!state) return new DomainError(E.UNIT_NOT_FOUND, 'The unit is not registered');
  if (state.status === 'retired') return new DomainError(E.UNIT_RETIRED, `Unit ${state.unitId} is retired`, { unitId: state.unitId });
  return state;
}

/** Names are compared and stored without surrounding whitespace, so " 区财政局" is no new name. */
function normaliseName(raw: string): string | DomainError {
  const name = visibleTextOf(raw);
  if (!name || name.length > UNIT_NAME_MAX_LENGTH) {
    return new DomainError(E.INVALID_UNIT_NAME, `A unit name is 1–${UNIT_NAME_MAX_LENGTH} characters`, { field: 'name' });
  }
  return name;
}
