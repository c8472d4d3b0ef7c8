import type { EventEnvelope } from '@app/event-store';

/** Where a projection's handlers write: its tables under their physical names, in the batch's transaction. */
export interface ProjectionContext {
  /** The physical name of one of the projection's tables in the generation being written. */
  table(name: string): string;
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}

/** One table of a read model: its logical name (a view readers query) and how to create it. */
export interface ProjectionTable {
  name: string;
  /** CREATE TABLE (and indexes) for the physical table `physical`. */
  ddl(physical: string): string;
}

/**
 * A read model built from the event log. Handlers must be idempotent per event (the runner applies
 * each event once per generation, but a handler may be re-run after a failed batch).
 */
export interface Projection {
  name: string;
  /** Bump when tables or handlers change meaning: the next start rebuilds into fresh tables. */
  version: number;
  /** Stream prefixes to follow, e.g. `['case-']`. */
  streamPrefixes: readonly string[];
  tables: readonly ProjectionTable[];
  /** By event type. Other types in the followed streams are skipped and counted. */
  handlers: Readonly<Record<string, (event: EventEnvelope, ctx: ProjectionContext) => Promise<void>>>;
}

/** Old schema versions brought up to date before handlers see them: `(data, fromVersion) → data`. */
export type Upcasters = Readonly<Record<string, (data: unknown, schemaVersion: number) => unknown>>;
