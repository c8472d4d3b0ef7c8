/** What the filing form passes the case page it opens (CaseNewView.vue's `router.push` state). */
export interface Filing {
  /** The complainant's query code, answered this once; null when the filing was a retry already recorded. */
  queryCode: string | null;
}

/**
 * The filing the page follows, taken from the history entry's state so it is shown once: the browser
 * keeps an entry's state across a reload and restores it on 后退, so left there the query code would
 * come back to whoever next used the tab. Set to null, not deleted: vue-router merges its own copy of
 * the state into the entry when leaving it, which would bring a deleted key back.
 */
export function takeFiling(history: Pick<History, 'state' | 'replaceState'>): Filing | null {
  const state = history.state as ({ filing?: Filing | null } & Record<string, unknown>) | null;
  const filing = state?.filing ?? null;
  if (filing) history.replaceState({ ...state, filing: null }, '');
  return filing;
}
