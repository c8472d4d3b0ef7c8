import type { FindingState } from './finding.state';

/**
 * Whether a finding still asks something of a unit, so that the unit may not be retired
 * (UNIT_HAS_OPEN_FINDINGS, docs/rules.md#unit-registry): the finding stands (not withdrawn) and
 * - it is against the unit and no measure is planned yet: the unit owes its plan; or
 * - a measure the unit answers for (as the unit the finding is against, or as the measure's own
 *   责任单位) is not yet re-checked (回头看): owed, reported and awaiting 验收, or verified and
 *   awaiting the re-check, which may reopen it and owe it again.
 * A finding whose measures the unit answers for are all re-checked, or that names the unit nowhere,
 * asks nothing of it.
 */
export function findingAsksOf(state: FindingState, unitId: string): boolean {
  if (state.status !== 'open') return false;
  const against = state.unitId === unitId;
  if (against && state.measures.length === 0) return true;
  return state.measures.some((m) => (against || m.responsibleUnitId === unitId) && m.status !== 'rechecked');
}
