import type { PoolClient } from 'pg';
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
 * rebuild drops anyway, and the rows are not written to the WAL row by row (for the audit log, its
 * every event again) but once, by persistGeneration, before anything depends on them. Temporary
 * tables (created with the search path on `pg_temp`, replay-copies.ts) are never logged: `temporary`
 * leaves them as they are, since PostgreSQL refuses to change that.
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
    if (!temporary) await client.query(`ALTER TABLE ${physical} SET UNLOGGED`);
  }
}

/** Makes the tables of a filled generation crash-safe (logged), before they are indexed and swapped in. */
export async function persistGeneration(client: PoolClient, projection: Projection, generation: number): Promise<void> {
  for (const table of projection.tables) await client.query(`ALTER TABLE ${physicalName(table.name, generation)} SET LOGGED`);
}

/** Creates the indexes readers use (ProjectionTable.indexes) on the tables of one generation. */
export async function indexGeneration(client: PoolClient, projection: Projection, generation: number): Promise<void> {
  for (const table of projection.tables) {
    for (const index of table.indexes?.(physicalName(table.name, generation)) ?? []) await client.query(index);
  }
}

/** Points each view at the given generation. DDL is transactional: readers see the old or the new. */
export async function pointViewsAt(client: PoolClient, projection: Projection, generation: number): Promise<void> {
  for (const table of projection.tables) {
    // DROP + CREATE rather than CREATE OR REPLACE: a new version may change the columns.
    await client.query(`DROP VIEW IF EXISTS ${table.name}`);
    await client.query(`CREATE VIEW ${table.name} AS SELECT * FROM ${physicalName(table.name, generation)}`);
  }
}

export async function dropGeneration(client: PoolClient, projection: Projection, generation: number): Promise<void> {
  for (const table of projection.tables) await client.query(`DROP TABLE IF EXISTS ${physicalName(table.name, generation)}`);
}
