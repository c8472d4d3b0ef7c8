/**
 * Where the runner cuts the log into batches is arbitrary (a rebuild and the live runner cut it
 * differently), so a projection must give the same tables for every cut. A spec builds a log with
 * `appendInterleaved` — several cases whose events alternate, so a batch holds pieces of many — and
 * compares the tables built from it in batches of a few sizes:
 *
 *   await appendInterleaved(db, { [a]: [...], [b]: [...] });
 *   await db.project();
 *   const whole = await db.hash();
 *   expect(await hashesByBatchSize(db, overdueProjection, [1, 3, 7, ALL])).toEqual({ 1: whole, 3: whole, 7: whole, [ALL]: whole });
 */
import type { CaseEvent } from '@app/domain';
import type { Projection } from '@app/projections';
import type { ProjectionTest } from './projection-kit';

/** A batch size that takes the whole log at once. */
export const ALL = Number.MAX_SAFE_INTEGER;

/** Appends each case's events in turn, one event per case per turn, until every case's are in. */
export async function appendInterleaved(db: ProjectionTest, cases: Readonly<Record<string, readonly CaseEvent[]>>): Promise<void> {
  const longest = Math.max(...Object.values(cases).map((events) => events.length));
  for (let i = 0; i < longest; i++) {
    for (const [caseId, events] of Object.entries(cases)) if (i < events.length) await db.appendToCase(caseId, events[i]);
  }
}

/**
 * By batch size, the projection's hash after emptying its tables (through their views: it must be
 * built) and applying the whole followed log again in batches of that size, a transaction each as
 * the runner applies them.
 */
export async function hashesByBatchSize(
  db: ProjectionTest,
  projection: Projection,
  sizes: readonly number[],
): Promise<Record<number, string>> {
  const log = await db.followedLog();
  const hashes: Record<number, string> = {};
  for (const size of sizes) {
    for (const table of projection.tables) await db.pool.query(`DELETE FROM ${table.name}`);
    for (let i = 0; i < log.length; i += size) await db.applyThroughHandlers(log.slice(i, i + size));
    hashes[size] = await db.hash();
  }
  return hashes;
}
