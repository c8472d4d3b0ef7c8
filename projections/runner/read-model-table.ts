import type { ProjectionTable } from './projection';

/** A read-model table as a slice declares it: the body of its CREATE TABLE and its indexes. */
export interface ReadModelTableDefinition {
  /** Columns and table constraints, as between the parentheses of CREATE TABLE. */
  columns: string;
  /** By name suffix: `{ received: '(received_at DESC, case_id)' }` is `CREATE INDEX <physical>_received ON <physical> (…)`. */
  indexes?: Readonly<Record<string, string>>;
  /** See ProjectionTable.loggedWhileFilled. */
  loggedWhileFilled?: boolean;
}

/**
 * The `ProjectionTable` of a read-model table. The runner creates each table once per generation
 * under a physical name (`case_list__g2`, projection-tables.ts), and index names share one namespace
 * per schema, so every index is named after the physical table: `case_list__g2_received`.
 */
export function readModelTable(name: string, { columns, indexes = {}, loggedWhileFilled }: ReadModelTableDefinition): ProjectionTable {
  return {
    name,
    ...(loggedWhileFilled ? { loggedWhileFilled } : {}),
    ddl: (physical) => `CREATE TABLE ${physical} (${columns}\n);`,
    indexes: (physical) =>
      Object.entries(indexes).map(([suffix, definition]) => `CREATE INDEX ${physical}_${suffix} ON ${physical} ${definition}`),
  };
}
