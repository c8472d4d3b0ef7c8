import { reactive } from 'vue';
import { api } from '../../api/client';
import type { Schemas } from '../../api/client';

/**
 * The ledger's configured labels (GET /api/v1/admin/ledger), looked up once per tab: the ledger's
 * rows name categories and campaign kinds by code. A code not found shows as itself. Unit names come
 * from api/reference.ts.
 */
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
