import { computed, ref, watch, type ComputedRef, type Ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { readQuery, withoutDropped, type QueryParams, type ReadOptions } from './query-params';

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
  /** The address this view replaced: arriving there keeps the note. */
  let replacedTo: string | null = null;
  watch(
    reading,
    ({ dropped, note: said }) => {
      if (route.name !== own) return;
      if (dropped.length > 0) {
        note.value = said;
        replacedTo = JSON.stringify(withoutDropped(route.query, dropped));
        void router.replace({ query: withoutDropped(route.query, dropped) });
      } else if (replacedTo !== JSON.stringify(route.query)) {
        note.value = '';
        replacedTo = null;
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
