import { createHash } from 'node:crypto';

/**
 * What binds a keyset cursor to the list it was handed out by: a short hash of the list's name and
 * of the filters (and order) of the request, which the cursor carries beside its sort key. A
 * cursor is a sort key of one list; sent with other filters it would be read as a place in another
 * list and answer a page that silently skips that list's rows before it (a cursor of
 * `status=closed` sent with `status=in_progress` skipped every newer case in progress). A reader
 * checks the tag of the cursor it is given against the tag of the request's own filters, and
 * refuses a cursor whose tag differs (InvalidCursor: 400 naming `cursor`).
 *
 * The hash keeps the cursor opaque (it names no filter) and bounded (12 characters, whatever the
 * filters): 72 bits, so two sets of filters of one list share a tag by chance about once in 10^21.
 * Filters left out, null or empty are one and the same (no filter). What a request does not choose
 * and does not change the list's order (the page size, the day the list is counted on, a
 * read-your-writes position) is not among the filters: a client may change the page size between
 * pages, and a list read across midnight goes on.
 */
export function filtersTag(list: string, filters: Readonly<Record<string, unknown>>): string {
  const given = Object.keys(filters)
    .filter((name) => filters[name] !== undefined && filters[name] !== null && filters[name] !== '')
    .sort()
    .map((name) => [name, filters[name]]);
  return createHash('sha256')
    .update(JSON.stringify([list, given]))
    .digest('base64url')
    .slice(0, 12);
}

/** The check of a cursor's tag part: the tag of the request's own filters, exactly. */
export const isTag =
  (tag: string) =>
  (part: string): boolean =>
    part === tag;
