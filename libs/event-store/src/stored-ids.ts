import type { AppendResult } from './event-store';

/** Where each of an append's event ids already sits in the stream, if anywhere. */
export interface StoredEventRef {
  version: number;
  position: bigint;
}

export type StoredIdsVerdict = { kind: 'new' } | { kind: 'retry'; result: AppendResult } | { kind: 'conflict'; eventIds: string[] };

/**
 * Decides what an append is, given which of its ids the stream already holds (keys lower-case):
 * none -> a new append; all, in order at consecutive versions -> a retry of an append that
 * already succeeded (answer with its result); anything else -> a conflict. Both adapters answer
 * retries with it: KurrentDB before each append, PostgreSQL when its append finds ids already used.
 */
export function classifyStoredIds(eventIds: readonly string[], stored: ReadonlyMap<string, StoredEventRef>): StoredIdsVerdict {
  const refs = eventIds.map((id) => stored.get(id.toLowerCase()));
  const found = eventIds.filter((_, i) => refs[i] !== undefined);
  if (found.length === 0) return { kind: 'new' };
  if (found.length === eventIds.length) {
    const first = refs[0]!.version;
    if (refs.every((ref, i) => ref!.version === first + i)) {
      const last = refs[refs.length - 1]!;
      return { kind: 'retry', result: { nextVersion: last.version, position: last.position } };
    }
  }
  return { kind: 'conflict', eventIds: found };
}
