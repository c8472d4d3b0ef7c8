export * from './event-store';
export * from './errors';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { createKurrentDbEventStore, KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store';
export * from './aggregate-stream';
export * from './deterministic-id';
export * from './event-metadata';
