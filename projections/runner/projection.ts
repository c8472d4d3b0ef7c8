import type { EventEnvelope } from '@app/event-store';

/** Where a projection writes: its tables under their physical names, in the batch's transaction. */
export interface ProjectionContext {
  /** The physical name of one of the projection's tables in the generation being written. */
  table(name: string): string;
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
  /**
   * Only while a rebuild fills a fresh generation with the bulk of the log (each event reaches it
   * once, in log order, and nobody reads it yet): inserts rows with `COPY`, each a line of
   * `copyLine` values in `columns`' order. PostgreSQL reads a COPY row with each column's input
   * function and nothing else, where a multi-row INSERT from one JSON parameter first takes the
   * whole document apart. No `ON CONFLICT`: a projection uses it only for rows it never writes
   * twice. Absent everywhere else (live batches, a rebuild's tail): write with `query`.
   */
  copy?(table: string, columns: readonly string[], lines: readonly string[]): Promise<void>;
}

/** One table of a read model: its logical name (a view readers query) and how to create it. */
export interface ProjectionTable {
  name: string;
  /** CREATE TABLE for the physical table `physical`, with the keys its batches look rows up and upsert by. */
  ddl(physical: string): string;
  /**
   * CREATE INDEX for each of its other indexes (those only readers use). A rebuild runs them once the
   * table is filled: PostgreSQL builds an index from the sorted rows in a fraction of what keeping it
   * up row by row costs.
   */
  indexes?(physical: string): string[];
  /**
   * Logged while a rebuild fills it (createGeneration leaves the others unlogged until the bulk is
   * written). For a table only ever appended to in a rebuild, a row per event (the audit log, by
   * COPY): its rows' WAL is then written as they come, beside the other read models' work, rather
   * than all at once by the rewrite of SET LOGGED that the swap waits for (300k events: 2.8 s).
   */
  loggedWhileFilled?: boolean;
}

/**
 * A read model built from the event log, a batch at a time. The runner hands `applyBatch` the
 * events of one transaction (live: up to 500; rebuild: thousands), already upcast, in log order,
 * only of `eventTypes`: it reads what the batch needs in one go, works in memory and writes with
 * multi-row statements, so a batch costs a few round trips however many events it holds.
 *
 * Where the batches begin and end is arbitrary (a rebuild and the live runner cut the same log
 * differently), so the tables must come out the same for any cut: the rebuild-equals-incremental
 * specs apply the log in batches of 1, a few and all. A batch re-run after a failed transaction
 * sees the tables as they were before it (the runner's transaction rolled back); one applied twice
 * must still change nothing (the specs' `applyThroughHandlers`): guard by stream version.
 */
export interface Projection {
  name: string;
  /** Bump when tables or their meaning change: the next start rebuilds into fresh tables. */
  version: number;
  /** Stream prefixes to follow, e.g. `['case-']`. */
  streamPrefixes: readonly string[];
  tables: readonly ProjectionTable[];
  /** The event types it applies (`'every'`: all, including types no code knows yet). Other types in the followed streams are skipped and counted. */
  eventTypes: ReadonlySet<string> | 'every';
  applyBatch(events: readonly EventEnvelope[], ctx: ProjectionContext): Promise<void>;
}

export type EventHandler = (event: EventEnvelope, ctx: ProjectionContext) => Promise<void>;

/**
 * A projection that still applies one event at a time: its handlers by type, run one after the
 * other. For read models too small for batching to matter; the others write per batch.
 */
export function perEvent(handlers: Readonly<Record<string, EventHandler>>): Pick<Projection, 'eventTypes' | 'applyBatch'> {
  return {
    eventTypes: new Set(Object.keys(handlers)),
    async applyBatch(events, ctx) {
      for (const event of events) await handlers[event.type](event, ctx);
    },
  };
}

/** Old schema versions brought up to date before handlers see them: `(data, fromVersion) → data`. */
export type Upcasters = Readonly<Record<string, (data: unknown, schemaVersion: number) => unknown>>;
