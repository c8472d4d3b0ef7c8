import { isUnitId, isUnitKind, UNIT_KINDS, UNIT_NAME_MAX_LENGTH, unitNameKey, type UnitKind } from './unit.model';
import { visibleTextOf } from '../shared/visible-text';

/** One unit as the seed file lists it. */
export interface SeedUnit {
  id: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
}

/** The seed file, checked, with its units ordered parents first. */
export interface UnitSeed {
  file: string;
  units: SeedUnit[];
}

/** The seed file cannot be used; the message names the file and, where it applies, the entry. */
export class UnitSeedFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnitSeedFileError';
  }
}

const TOP_LEVEL_KEYS = new Set(['description', 'units']);
const ENTRY_KEYS = new Set(['id', 'name', 'kind', 'parentId']);

/**
 * Checks a seed file's text: `{ "units": [{ "id", "name", "kind", "parentId"? }, …] }`. Ids are
 * unique and valid, parents are listed in the same file, the hierarchy has no cycle, and names are
 * unique as the registry compares them (unitNameKey). Throws
 * UnitSeedFileError, naming `file` (as the caller shows it) and the entry, on the first problem.
 * Pure: the caller reads the file (apps/api's unit seeder, the demo in tools/).
 */
export function parseUnitSeed(file: string, text: string): UnitSeed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UnitSeedFileError(`${file}: is not valid JSON: ${(error as Error).message}`);
  }
  const units = checkDocument(file, json);
  const ordered = parentsFirst(file, units);
  namesOnce(file, units);
  return { file, units: ordered };
}

/** Each name once, as the registry compares them (unitNameKey): two units of one name would be one entry in a picker. */
function namesOnce(shown: string, units: readonly SeedUnit[]): void {
  const indexByName = new Map<string, number>();
  units.forEach((unit, index) => {
    const key = unitNameKey(unit.name);
    const earlier = indexByName.get(key);
    if (earlier !== undefined) fail(shown, index, unit.id, `name "${unit.name}" already used by units[${earlier}] (${units[earlier].id})`);
    indexByName.set(key, index);
  });
}

function checkDocument(shown: string, json: unknown): SeedUnit[] {
  if (!isPlainObject(json) || !Array.isArray(json.units)) {
    throw new UnitSeedFileError(`${shown}: must be an object with a "units" array`);
  }
  const unknownKey = Object.keys(json).find((key) => !TOP_LEVEL_KEYS.has(key));
  if (unknownKey) throw new UnitSeedFileError(`${shown}: unknown top-level key "${unknownKey}"`);
  const units = json.units.map((entry: unknown, index: number) => checkEntry(shown, entry, index));
  const indexById = new Map<string, number>();
  units.forEach((unit, index) => {
    const earlier = indexById.get(unit.id);
    if (earlier !== undefined) fail(shown, index, unit.id, `id already used by units[${earlier}]`);
    indexById.set(unit.id, index);
  });
  units.forEach((unit, index) => {
    if (unit.parentId === unit.id) fail(shown, index, unit.id, 'parentId names the unit itself');
    if (unit.parentId !== null && !indexById.has(unit.parentId))
      fail(shown, index, unit.id, `parentId "${unit.parentId}" is not a unit of this file`);
  });
  return units;
}

function checkEntry(shown: string, entry: unknown, index: number): SeedUnit {
  if (!isPlainObject(entry)) fail(shown, index, null, 'must be an object');
  const id = typeof entry.id === 'string' ? entry.id : null;
  const unknownKey = Object.keys(entry).find((key) => !ENTRY_KEYS.has(key));
  if (unknownKey) fail(shown, index, id, `unknown key "${unknownKey}" (allowed: ${[...ENTRY_KEYS].join(', ')})`);
  if (!isUnitId(entry.id)) fail(shown, index, id, 'id must be 1–64 lowercase letters, digits and inner hyphens, e.g. "dept-fgj"');
  const name = visibleTextOf(entry.name);
  if (!name || name.length > UNIT_NAME_MAX_LENGTH) fail(shown, index, id, `name must be 1–${UNIT_NAME_MAX_LENGTH} characters`);
  if (!isUnitKind(entry.kind)) fail(shown, index, id, `kind must be one of ${UNIT_KINDS.join(', ')}, got ${JSON.stringify(entry.kind)}`);
  const parentId = entry.parentId ?? null;
  if (parentId !== null && typeof parentId !== 'string') fail(shown, index, id, 'parentId must be a unit id or absent');
  return { id: entry.id, name, kind: entry.kind, parentId };
}

/** Orders units so that every parent comes before its children; a cycle is an error. */
function parentsFirst(shown: string, units: SeedUnit[]): SeedUnit[] {
  const byId = new Map(units.map((unit, index) => [unit.id, { unit, index }]));
  const ordered: SeedUnit[] = [];
  const placed = new Set<string>();
  for (const start of units) {
    const chain: SeedUnit[] = [];
    for (
      let unit: SeedUnit | undefined = start;
      unit && !placed.has(unit.id);
      unit = unit.parentId ? byId.get(unit.parentId)?.unit : undefined
    ) {
      if (chain.includes(unit)) {
        fail(shown, byId.get(unit.id)!.index, unit.id, `parent chain forms a cycle: ${[...chain, unit].map((u) => u.id).join(' → ')}`);
      }
      chain.push(unit);
    }
    for (const unit of chain.reverse()) {
      placed.add(unit.id);
      ordered.push(unit);
    }
  }
  return ordered;
}

function fail(shown: string, index: number, id: string | null, problem: string): never {
  throw new UnitSeedFileError(`${shown}: units[${index}]${id ? ` (${id})` : ''}: ${problem}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
