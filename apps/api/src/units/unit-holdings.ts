import type { CaseReopened, CaseTransferred, FindingRaised, MeasuresPlanned, UnitNotified, UnitRegistered } from '@app/domain';
import type { EventPattern } from '@app/event-store';

/** An event pattern whose type and data are checked against the domain's event. */
function pattern<E extends { type: string; data: object }>(type: E['type'], dataContains: Partial<E['data']>): EventPattern {
  return { type, dataContains };
}

/**
 * The events that give a unit something to answer for, which a retirement must not leave to a
 * retired unit (docs/rules.md#unit-registry): a case dispatched or transferred to it, a finding
 * raised against it, a measure it is made responsible for, a unit registered under it, a closed case
 * it led reopened on a look-back. Its retirement is decided on the log read through a position for
 * these (UnitChildren, OpenCases, UnitFindings), and its append confirms that none came after it
 * (AppendOptions.decidedOnLog).
 * Every command that records one of them confirms the unit's version in its own append, so one in
 * flight is waited for, and one that comes later finds the unit retired.
 */
export function holdingEvents(unitId: string): EventPattern[] {
  return [
    pattern<UnitNotified>('UnitNotified', { unitId }),
    pattern<CaseTransferred>('CaseTransferred', { toUnitId: unitId }),
    // A closed case reopened on a look-back review (回头看) is its lead's again.
    pattern<CaseReopened>('CaseReopened', { leadUnitId: unitId }),
    pattern<FindingRaised>('FindingRaised', { unitId }),
    // Any of its measures: jsonb containment finds an element of the array.
    pattern<MeasuresPlanned>('MeasuresPlanned', {
      measures: [{ responsibleUnitId: unitId } as MeasuresPlanned['data']['measures'][number]],
    }),
    pattern<UnitRegistered>('UnitRegistered', { parentId: unitId }),
  ];
}
