import { reactive } from 'vue';
import { api } from '../../api/client';

/**
 * Units by their registry name (GET /api/v1/units/{id}), each asked once per tab; its id until the
 * answer comes, or if none does (a retired or unknown id still shows what the log recorded).
 */
const names = reactive<Record<string, string>>({});
const asked = new Set<string>();

export function unitName(unitId: string | null | undefined): string {
  if (!unitId) return '—';
  if (!asked.has(unitId)) {
    asked.add(unitId);
    void api
      .GET('/api/v1/units/{id}', { params: { path: { id: unitId } } })
      .then(({ data }) => {
        if (data) names[unitId] = data.name;
      })
      .catch(() => undefined);
  }
  return names[unitId] ?? unitId;
}
