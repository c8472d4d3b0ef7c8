import { computed, ref, watch, type ComputedRef, type Ref } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';
import { readQuery, withoutDropped, type QueryParams, type ReadOptions } from './query-params';

/**
 * The page's last correction of its address, shared by every view reading it: a tab and the panel
 * in it may each drop a value from the same address in one turn, before either replace lands. Each
 * then drops from what the other left (`to`, while the address is still `from`), and both keep
 * their note while the address is the one their corrections made together (`to`).
 */
let correction: { from: string; to: LocationQuery } | null = null;

/**
 * A view's query parameters on the router: the usable values, and a value the view cannot use taken
 * out of the address (router.replace, so Back does not return to it) with a note that stays until the
 * user asks for something else.
 */
export function useQueryParams<K extends string>(
  params: QueryParams<K>,
  options: ReadOptions<K> = {},
): { values: ComputedRef<Partial<Record<K, string>>>; note: Ref<string> } {
  const route = useRoute();
  const router = useRouter();
  const reading = computed(() => readQuery(route.query, params, options));
  /** The view's own route: leaving it for another page is no address to correct. */
  const own = route.name;
  const note = ref('');
  watch(
    reading,
    ({ dropped, note: said }) => {
      if (route.name !== own) return;
      const address = JSON.stringify(route.query);
      if (dropped.length > 0) {
        note.value = said;
        const base = correction?.from === address ? correction.to : route.query;
        correction = { from: address, to: withoutDropped(base, dropped) as LocationQuery };
        void router.replace({ query: correction.to });
      } else if (JSON.stringify(correction?.to) !== address) {
        // Arriving where a correction led keeps the note; the user asking for something else clears it.
        note.value = '';
      }
    },
    { immediate: true },
  );
  // The same values object while the usable values are the same, so that taking a dropped value out
  // of the address does not make a view load what it already loaded.
  const values = computed<Partial<Record<K, string>>>((previous) => {
    const next = reading.value.values;
    return previous && JSON.stringify(previous) === JSON.stringify(next) ? previous : next;
  });
  return { values, note };
}
