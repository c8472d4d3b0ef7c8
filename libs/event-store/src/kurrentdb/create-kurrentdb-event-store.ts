import type { EventStore } from '../event-store';

/**
 * The KurrentDB adapter, loaded only when it is asked for: its gRPC client takes a quarter of a
 * second or more to load, which every server start, CLI run and test file paid while nearly all of
 * them run on PostgreSQL (EVENT_STORE=postgres, the default).
 */
export function createKurrentDbEventStore(connectionString: string): EventStore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const adapter = require('./kurrentdb-event-store') as typeof import('./kurrentdb-event-store');
  return adapter.createKurrentDbEventStore(connectionString);
}
