import { reactive } from 'vue';
import { api, type Schemas } from './client';

/**
 * The reference data every screen names things by, read once per tab and shared: the unit registry
 * (GET /api/v1/units: name, kind, status of every unit, retired ones too) and the complaint categories
 * of the time-limit policy in force (GET /api/v1/admin/time-limits). Every signed-in role reads both.
 * Reactive: a unit shows as its id (a category as its code) until the answer has come, or if the id is
 * unknown, so a row always says what the log recorded.
 */
export type UnitEntry = Schemas['UnitList']['items'][number];
export type UnitKind = UnitEntry['kind'];

export interface Choice {
  value: string;
  label: string;
}

const state = reactive<{ units: Record<string, UnitEntry>; categories: Choice[] }>({ units: {}, categories: [] });
let unitsRead: Promise<void> | null = null;
let categoriesRead: Promise<void> | null = null;

/** Reads the registry once (again after `force`, e.g. when 系统管理 changed it); a failed read is retried next time. */
export function loadUnits(force = false): Promise<void> {
  if (!unitsRead || force) {
    unitsRead = api
      .GET('/api/v1/units')
      .then(({ data }) => {
        if (!data) throw new Error('the unit registry could not be read');
        state.units = Object.fromEntries(data.items.map((unit) => [unit.unitId, unit]));
      })
      .catch(() => {
        unitsRead = null;
      });
  }
  return unitsRead ?? Promise.resolve();
}

export function loadCategories(): Promise<void> {
  if (!categoriesRead) {
    categoriesRead = api
      .GET('/api/v1/admin/time-limits')
      .then(({ data }) => {
        if (!data) throw new Error('the time limits could not be read');
        state.categories = data.categories.map((c) => ({ value: c.code, label: c.label }));
      })
      .catch(() => {
        categoriesRead = null;
      });
  }
  return categoriesRead ?? Promise.resolve();
}

/** A unit's registry name; its id until known; — for none. */
export function unitName(id: string | null | undefined): string {
  if (!id) return '—';
  void loadUnits();
  return state.units[id]?.name ?? id;
}

/** A unit's kind (部门/窗口/街镇), null until known. */
export function unitKind(id: string | null | undefined): UnitKind | null {
  if (!id) return null;
  void loadUnits();
  return state.units[id]?.kind ?? null;
}

/**
 * The units a picker offers: those in service, by name; with `retired` (a filter of past cases), the
 * retired ones after them, marked 已撤销.
 */
export function unitChoices(options: { retired?: boolean } = {}): Choice[] {
  void loadUnits();
  const byName = (a: Choice, b: Choice) => a.label.localeCompare(b.label, 'zh-CN');
  const units = Object.values(state.units);
  const active = units.filter((unit) => unit.status === 'active').map((unit) => ({ value: unit.unitId, label: unit.name }));
  if (!options.retired) return active.sort(byName);
  const retired = units.filter((unit) => unit.status !== 'active').map((unit) => ({ value: unit.unitId, label: `${unit.name}（已撤销）` }));
  return [...active.sort(byName), ...retired.sort(byName)];
}

/** A category's label from the policy in force; its code until known; — for none. */
export function categoryLabel(code: string | null | undefined): string {
  if (!code) return '—';
  void loadCategories();
  return state.categories.find((c) => c.value === code)?.label ?? code;
}

export function categoryChoices(): Choice[] {
  void loadCategories();
  return state.categories;
}
