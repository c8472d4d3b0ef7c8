import { reactive } from 'vue';
import { api } from '../../api/client';
import type { Schemas } from '../../api/client';

/**
 * Unit names and the ledger's configured labels, looked up once per tab: the ledger's rows name
 * units by id and categories by code. A name not found shows the id (a retired or unknown unit).
 */
const unitNames = reactive<Record<string, string>>({});
const asked = new Set<string>();

export function unitName(unitId: string): string {
  return unitNames[unitId] ?? unitId;
}

export async function loadUnitNames(unitIds: Iterable<string>): Promise<void> {
  const wanted = [...new Set(unitIds)].filter((id) => !asked.has(id));
  wanted.forEach((id) => asked.add(id));
  await Promise.all(
    wanted.map(async (id) => {
      const { data } = await api.GET('/api/v1/units/{id}', { params: { path: { id } } });
      if (data) unitNames[id] = data.name;
    }),
  );
}

const config = reactive<{ value: Schemas['LedgerConfiguration'] | null }>({ value: null });
let configAsked = false;

export async function loadLedgerLabels(): Promise<void> {
  if (configAsked) return;
  configAsked = true;
  const { data } = await api.GET('/api/v1/admin/ledger');
  if (data) config.value = data;
}

function labelIn(list: 'campaignKinds' | 'findingCategories' | 'measureCategories', code: string | null): string {
  if (!code) return '—';
  return config.value?.[list].find((entry) => entry.code === code)?.label ?? code;
}

export const campaignKindName = (code: string | null) => labelIn('campaignKinds', code);
export const findingCategoryName = (code: string | null) => labelIn('findingCategories', code);
export const measureCategoryName = (code: string | null) => labelIn('measureCategories', code);
export const measureCategories = () => config.value?.measureCategories ?? [];
