import type { EventEnvelope } from '@app/event-store';

/**
 * The keys by which an event's data names a unit, at any depth: the unit acted on (`unitId`), a
 * transfer's two ends, the unit complained about, the lead unit of a reopened case, the responsible
 * unit of each rectification measure, and an accountability target's unit (`target.unitId`).
 * `parentId` of a registered unit is left out on purpose: registering a window under a bureau is
 * about the window, not the bureau.
 */
const UNIT_KEYS = new Set(['unitId', 'fromUnitId', 'toUnitId', 'complainedUnitId', 'leadUnitId', 'responsibleUnitId']);

/**
 * The units an event concerns, for the audit log's unit filter: the unit the actor acted for
 * (`metadata.unitId`) and every unit its data names. Read generically from the data, so an event
 * type added later is filtered by unit without touching this file.
 */
export function unitsConcernedBy(envelope: EventEnvelope): string[] {
  const units = new Set<string>();
  if (typeof envelope.metadata?.unitId === 'string') units.add(envelope.metadata.unitId);
  collect(envelope.data, units);
  return [...units];
}

function collect(value: unknown, units: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, units);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (UNIT_KEYS.has(key) && typeof inner === 'string') units.add(inner);
      else collect(inner, units);
    }
  }
}
