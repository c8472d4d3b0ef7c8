import { ref, type Ref } from 'vue';
import type { ProblemError } from './client';
import { useScreenLoad } from './use-screen-load';

/** A page of a keyset list as the API answers it. */
export interface KeysetPage<T> {
  items: T[];
  nextCursor?: string | null;
}

/** Pages read at most by allPages (100 rows each, the API's largest): a to-do list or a year's campaigns are far shorter. */
const MAX_PAGES = 20;

/** Every page of a keyset list, read one after the other (at most MAX_PAGES). */
export async function allPages<T>(read: (cursor: string | undefined) => Promise<KeysetPage<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await read(cursor);
    items.push(...answer.items);
    if (!answer.nextCursor) break;
    cursor = answer.nextCursor;
  }
  return items;
}

/** A list shown a page at a time with 加载更多: its rows, the next cursor, and the state of the last read. */
export interface PagedList<T> {
  rows: Ref<T[]>;
  nextCursor: Ref<string | null>;
  loading: Ref<boolean>;
  problem: Ref<ProblemError | null>;
  /** `reset`: the first page again (the filters changed); else the next page, appended. */
  load(reset: boolean): Promise<void>;
}

/**
 * The paged-list state every list screen keeps. `read(cursor)` asks for one page (no cursor: the
 * first); a failed first page empties the list, a failed later page keeps what is shown, and either
 * way the problem is kept for the banner. Only the last load's answer is shown: an earlier one
 * answering after it (the filters changed meanwhile) is dropped.
 */
export function usePagedList<T>(read: (cursor: string | undefined) => Promise<KeysetPage<T>>): PagedList<T> {
  const rows = ref([]) as Ref<T[]>;
  const nextCursor = ref<string | null>(null);
  const { loading, problem, load } = useScreenLoad({
    read: (reset: boolean) => read(reset || !nextCursor.value ? undefined : nextCursor.value),
    show(page, reset) {
      rows.value = reset ? page.items : [...rows.value, ...page.items];
      nextCursor.value = page.nextCursor ?? null;
    },
    refused(refusal, reset) {
      if (reset) rows.value = [];
      return refusal;
    },
  });
  return { rows, nextCursor, loading, problem, load };
}
