import type { ClientBase, Pool, PoolClient } from 'pg';
import type { Projection } from './projection';

/**
 * Tables live in generations: `<table>__g<n>` physically, and a view `<table>` that readers query.
 * A rebuild fills generation n+1 while n keeps answering, then swaps the views in one transaction.
 */
export function physicalName(table: string, generation: number): string {
  return `${table}__g${generation}`;
}

/**
 * Creates the projection's tables of one generation (dropping leftovers of an interrupted rebuild),
 * with their keys but not their other indexes: indexGeneration adds those once the tables are filled.
 * Unlogged while they are filled: nobody reads them, a crash meanwhile leaves a generation the next
 * rebuild drops anyway, and a row a rebuild writes several times (kept by the row cache, written when
 * evicted, loaded and written again) is not written to the WAL each time but once, by
 * persistGeneration, before anything depends on them. Except a table `loggedWhileFilled`, written
 * once per row. Temporary tables (created with the search path on `pg_temp`, replay-copies.ts) are
 * never logged: `temporary` leaves them as they are, since PostgreSQL refuses to change that.
 */
export async function createGeneration(
  client: PoolClient,
  projection: Projection,
  generation: number,
  { temporary = false }: { temporary?: boolean } = {},
): Promise<void> {
  for (const table of projection.tables) {
    const physical = physicalName(table.name, generation);
    await client.query(`DROP TABLE IF EXISTS ${physical}`);
    await client.query(table.ddl(physical));
    if (!temporary && !table.loggedWhileFilled) await client.query(`ALTER TABLE ${physical} SET UNLOGGED`);
  }
}

/**
 * Gathers the planner's statistics on the tables of a generation being filled, but those only ever
 * appended to (`loggedWhileFilled`: never read back while filled). Autovacuum analyzes a table when
 * its worker next comes round (a minute apart by default) and never a temporary one (replay-copies.ts).
 * Without statistics PostgreSQL takes `col = value` to match 1 row in 200 unless `col` alone is
 * unique, so a batch's load of a few hundred keys (`holder_id = ANY($1)`, row-batch.ts) is estimated
 * to match the whole table and read as a scan of all of it, batch after batch. On the bench's
 * 1M-event log that was nearly every load of the ledger's measures, the overdue list's deadlines and
 * the dashboard's measures and units, each scan longer than the last: the rebuild's time grew faster
 * than the log.
 */
export async function analyzeGeneration(client: PoolClient, projection: Projection, generation: number): Promise<void> {
  for (const table of projection.tables) {
    if (!table.loggedWhileFilled) await client.query(`ANALYZE ${physicalName(table.name, generation)}`);
  }
}

/** Makes the tables of a filled generation crash-safe (logged), before they are indexed and swapped in. A logged table is left as it is. */
export async function persistGeneration(client: PoolClient, projection: Projection, generation: number): Promise<void> {
  for (const table of projection.tables) await client.query(`ALTER TABLE ${physicalName(table.name, generation)} SET LOGGED`);
}

/** Creates the indexes readers use (ProjectionTable.indexes) on the tables of one generation. */
export async function indexGeneration(client: PoolClient, projection: Projection, generation: number): Promise<void> {
  for (const table of projection.tables) {
    for (const index of table.indexes?.(physicalName(table.name, generation)) ?? []) await client.query(index);
  }
}

/** Index builds at once in indexGenerations: one per core of the machine this was measured on. */
const CONCURRENT_INDEX_BUILDS = 2;

/**
 * indexGeneration for several projections' generations, the index builds spread over
 * CONCURRENT_INDEX_BUILDS connections of `pool`, those of the largest tables first. One build per
 * projection at a time left the audit log's six indexes (a row per event) to one backend, one after
 * the other, after every other read model's were done. Each build commits on its own: a rebuild
 * that fails leaves a generation the next one drops (createGeneration).
 */
export async function indexGenerations(
  pool: Pool,
  generations: ReadonlyArray<{ projection: Projection; generation: number }>,
): Promise<void> {
  const builds = generations.flatMap(({ projection, generation }) =>
    projection.tables.flatMap((table) => {
      const physical = physicalName(table.name, generation);
      return (table.indexes?.(physical) ?? []).map((sql) => ({ physical, sql }));
    }),
  );
  if (builds.length === 0) return;
  const { rows } = await pool.query<{ physical: string; bytes: string }>(
    `SELECT t AS physical, pg_table_size(t::regclass) AS bytes FROM unnest($1::text[]) AS t`,
    [[...new Set(builds.map((b) => b.physical))]],
  );
  const bytes = new Map(rows.map((r) => [r.physical, Number(r.bytes)]));
  builds.sort((a, b) => bytes.get(b.physical)! - bytes.get(a.physical)!);
  let next = 0;
  const worker = async () => {
    try {
      while (next < builds.length) await pool.query(builds[next++].sql);
    } catch (error) {
      next = builds.length; // the other worker starts no more builds: the rebuild fails anyway
      throw error;
    }
  };
  const workers = await Promise.allSettled(Array.from({ length: Math.min(CONCURRENT_INDEX_BUILDS, builds.length) }, worker));
  const failed = workers.find((w): w is PromiseRejectedResult => w.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Points each view at the given generation. DDL is transactional: readers see the old or the new. */
export async function pointViewsAt(client: PoolClient, projection: Projection, generation: number): Promise<void> {
  for (const table of projection.tables) {
    // DROP + CREATE rather than CREATE OR REPLACE: a new version may change the columns.
    await client.query(`DROP VIEW IF EXISTS ${table.name}`);
    await client.query(`CREATE VIEW ${table.name} AS SELECT * FROM ${physicalName(table.name, generation)}`);
  }
}

/**
 * The generations of the projection's tables in the public schema other than `keep`: what a drop
 * refused after a swap left (rebuild.ts, dropPrevious), or a crash between a swap and its drop.
 */
export async function otherGenerations(client: ClientBase, projection: Projection, keep: readonly number[]): Promise<number[]> {
  const { rows } = await client.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '__g[0-9]+$'`,
  );
  const found = new Set<number>();
  for (const { tablename } of rows) {
    for (const table of projection.tables) {
      const generation = new RegExp(`^${table.name}__g(\\d+)$`).exec(tablename)?.[1];
      if (generation !== undefined && !keep.includes(Number(generation))) found.add(Number(generation));
    }
  }
  return [...found].sort((a, b) => a - b);
}

export async function dropGeneration(client: PoolClient, projection: Projection, generation: number): Promise<void> {
  for (const table of projection.tables) await client.query(`DROP TABLE IF EXISTS ${physicalName(table.name, generation)}`);
}
