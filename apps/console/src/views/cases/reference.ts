import { reactive } from 'vue';
import { api } from '../../api/client';

/**
 * Unit names and categories for the case screens, read once per tab: a unit's name from
 * GET /api/v1/units/{id} (its id until the answer comes, or if none does), the categories of the
 * time-limit policy in force (GET /api/v1/admin/time-limits, every signed-in role reads it).
 */
const names = reactive<Record<string, string>>({});
const asked = new Set<string>();

export function unitName(id: string | null | undefined): string {
  if (!id) return '—';
  if (!asked.has(id)) {
    asked.add(id);
    void api
      .GET('/api/v1/units/{id}', { params: { path: { id } } })
      .then(({ data }) => {
        if (data) names[id] = data.name;
      })
      .catch(() => undefined);
  }
  return names[id] ?? id;
}

export interface Choice {
  value: string;
  label: string;
}

const reference = reactive<{ categories: Choice[]; units: Choice[]; loaded: boolean }>({ categories: [], units: [], loaded: false });

/**
 * The units offered in the pickers: the API has no unit list for intake yet, so the ones the sign-in
 * answer names (development's demo users, one per unit of the registry); a picker also takes a typed id.
 */
export async function loadReference(): Promise<typeof reference> {
  if (reference.loaded) return reference;
  reference.loaded = true;
  const [limits, signIn] = await Promise.all([
    api.GET('/api/v1/admin/time-limits').catch(() => ({ data: undefined })),
    api.GET('/api/v1/sign-in').catch(() => ({ data: undefined })),
  ]);
  reference.categories = (limits.data?.categories ?? []).map((c) => ({ value: c.code, label: c.label }));
  const units = new Map<string, string>();
  for (const user of signIn.data?.demoUsers ?? []) {
    if (user.unitId) {
      units.set(user.unitId, user.unitName ?? user.unitId);
      names[user.unitId] = user.unitName ?? user.unitId;
    }
  }
  reference.units = [...units].map(([value, label]) => ({ value, label }));
  return reference;
}

export function categoryLabel(code: string | null | undefined): string {
  if (!code) return '—';
  return reference.categories.find((c) => c.value === code)?.label ?? code;
}

export { reference };
