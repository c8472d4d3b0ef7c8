import { Client, type QueryResult } from 'pg';

/**
 * pg's Client, but a query asked for as a promise (`await client.query(sql, values)`) is run
 * through pg's callback form and its answer handed to a promise of our own.
 *
 * Why: with pg 8.23 on Node 20, the rows of a query run through pg's own promise form outlive two
 * of V8's young-generation collections and are moved to the old generation, which only the full
 * collection frees. The same query through the callback form leaves them to die young. Measured
 * (bench/JOURNAL.md, 3 December): a 20-line http server answering the case list's page through a
 * pool, 16 connections, moved 24.7% of all it allocated to the old generation with pg's promise
 * form and 0.1% with this client; its young collections took 5.3 ms on average against 0.75 ms.
 * Which reference keeps the rows alive inside pg's promise form was not found; wrapping pg's
 * callback form in a promise (with or without a `.catch`, as pg's does) does not keep them.
 *
 * The callback form, submittables (cursors, streams) and their errors are pg's, unchanged.
 */
export class CallbackQueryClient extends Client {}

const clientQuery = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;

// Set on the prototype rather than declared in the class, so that callers keep pg's typed overloads
// of query(); every one of them lands here, and anything but a promise-returning call is pg's.
CallbackQueryClient.prototype.query = function query(this: Client, ...args: unknown[]) {
  if (!asksForPromise(args)) return clientQuery.apply(this, args);
  const [config, values] = args;
  return new Promise<QueryResult>((resolve, reject) => {
    clientQuery.call(this, config, values, (error: Error | null, result: QueryResult) => (error ? reject(error) : resolve(result)));
  });
} as Client['query'];

/**
 * A call of pg's `query(config, values?, callback?)` (Client's or Pool's) that answers with a
 * promise: neither a callback nor a submittable (a cursor, a stream, which answers by its events).
 */
export function asksForPromise(args: readonly unknown[]): boolean {
  const [config, values, callback] = args;
  const submittable = typeof config === 'object' && config !== null && typeof (config as { submit?: unknown }).submit === 'function';
  return !(typeof values === 'function' || typeof callback === 'function' || submittable);
}
