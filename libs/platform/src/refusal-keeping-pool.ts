import { DatabaseError, Pool, type PoolConfig, type QueryConfig, type QueryResult } from 'pg';
import { asksForPromise, CallbackQueryClient } from './callback-query-client';

/**
 * pg's Pool, but a statement the server refused gives its connection back to the pool instead of
 * closing it.
 *
 * pg-pool's `query()` closes the connection on any error, a refusal included: a version conflict
 * raised by the append (WrongExpectedVersion, two requests on one case), a unique key taken, a
 * division by zero. Each such answer then cost a new PostgreSQL backend (a process forked, signed in
 * with SCRAM, its caches and named statements built again) and the next statement waited for it:
 * `npm run bench:refusal` measured a lost version conflict at 5.8–6.4 ms with pg-pool's pool (Node
 * 2.4–2.9 ms of CPU, PostgreSQL 4.3–4.4 ms) against 0.26–0.35 ms kept (0.25–0.35 and under 0.1).
 *
 * After a refusal the session is sound: the server has answered ErrorResponse then ReadyForQuery,
 * and pg queues the next statement until it has read that. Only an error of severity ERROR counts as
 * a refusal; FATAL and PANIC (the server ending the session), a lost socket and every error that is
 * not the server's answer close the connection as before. pg-pool itself still drops a connection
 * that is no longer queryable or is ending.
 *
 * The callback form and submittables (cursors, streams) go to pg-pool unchanged.
 *
 * Its connections are CallbackQueryClients unless the config names another Client: the rows of a
 * promised query then die young instead of filling the old generation (callback-query-client.ts).
 */
export class RefusalKeepingPool extends Pool {
  constructor(config: PoolConfig = {}) {
    super({ Client: CallbackQueryClient, ...config });
    // A connection in use that the server ends (a shutdown, a terminated backend) emits 'error' on
    // its client, where pg-pool listens only while the client is idle: with no listener, Node throws
    // it and the process dies (seen: the demo given Ctrl-C during a deadline tick). The statement in
    // flight fails with the error anyway, and pg-pool drops the connection when it is released.
    this.on('connect', (client) => client.on('error', () => undefined));
  }
}

const poolQuery = Pool.prototype.query as (this: Pool, ...args: unknown[]) => unknown;

// Set on the prototype rather than declared in the class, so that callers keep pg's typed overloads
// of query(); every one of them lands here, and anything but a promise-returning call is pg-pool's.
RefusalKeepingPool.prototype.query = function query(this: Pool, ...args: unknown[]) {
  if (!asksForPromise(args)) return poolQuery.apply(this, args);
  const [config, values] = args;
  return queryKeepingConnection(this, config as string | QueryConfig, values as unknown[] | undefined);
} as Pool['query'];

async function queryKeepingConnection(pool: Pool, config: string | QueryConfig, values: unknown[] | undefined): Promise<QueryResult> {
  const client = await pool.connect();
  let result: QueryResult;
  try {
    result = await client.query(config, values);
  } catch (error) {
    client.release(isRefusal(error) ? undefined : (error as Error));
    throw error;
  }
  client.release();
  return result;
}

/** An error the server answered a statement with, the session going on (not FATAL or PANIC). */
export function isRefusal(error: unknown): boolean {
  return error instanceof DatabaseError && error.severity === 'ERROR';
}
