import type { Pool, PoolClient, QueryConfig } from 'pg';

/** The statements a pool sends, counted per call of `during`: every query of every client it lends. */
export class QueryLog {
  private current: string[] | null = null;
  private readonly followed = new WeakSet<PoolClient>();

  follow(pool: Pool): void {
    const connect = pool.connect.bind(pool) as (
      callback?: (error: Error | undefined, client?: PoolClient, done?: unknown) => void,
    ) => unknown;
    // pool.query borrows a client through pool.connect too, so every statement passes a followed client.
    (pool as unknown as { connect: typeof connect }).connect = (callback) => {
      if (callback) return connect((error, lent, done) => callback(error, lent && this.followClient(lent), done));
      return (connect() as Promise<PoolClient>).then((lent) => this.followClient(lent));
    };
  }

  /** The statements sent while `work` ran. */
  async during(work: () => Promise<unknown>): Promise<string[]> {
    this.current = [];
    try {
      await work();
      return this.current;
    } finally {
      this.current = null;
    }
  }

  private followClient(lent: PoolClient): PoolClient {
    if (this.followed.has(lent)) return lent;
    this.followed.add(lent);
    const query = lent.query.bind(lent) as (...args: unknown[]) => unknown;
    (lent as unknown as { query: typeof query }).query = (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as QueryConfig).text;
      this.current?.push(text.replace(/\s+/g, ' ').trim().slice(0, 80));
      return query(...args);
    };
    return lent;
  }
}
