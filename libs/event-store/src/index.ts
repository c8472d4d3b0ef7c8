export * from './event-store';
export * from './errors';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { EVENT_STORE_MIGRATIONS } from './postgres/event-store-migrations';
// Lazily: the KurrentDB client loads only with EVENT_STORE=kurrentdb (create-kurrentdb-event-store.ts).
export { createKurrentDbEventStore } from './kurrentdb/create-kurrentdb-event-store';
export type { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
export * from './aggregate-cache';
export * from './aggregate-stream';
export * from './deterministic-id';
export * from './event-metadata';
export * from './integrity';
