import { reactive } from 'vue';
import { api } from '../../api/client';
import type { Schemas } from '../../api/client';

/**
 * The ledger's configured labels (GET /api/v1/admin/ledger), looked up once per tab: the ledger's
 * rows name categories and campaign kinds by code, dropped entries' codes too. A code not found shows as itself. Unit names come
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
  // A code an admin has since dropped from the list keeps the label it last had (`retired`).
  const entry = config.value?.[list].find((e) => e.code === code) ?? config.value?.retired[list].find((e) => e.code === code);
  return entry?.label ?? code;
}

export const campaignKindName = (code: string | null) => labelIn('campaignKinds', code);
export const findingCategoryName = (code: string | null) => labelIn('findingCategories', code);
export const measureCategoryName = (code: string | null) => labelIn('measureCategories', code);
export const measureCategories = () => config.value?.measureCategories ?? [];
