import type { Client } from 'pg';
import pino from 'pino';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { closeScriptDatabase, openScriptPool } from './script-database';

describe("a script's database, closed", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  /** A pool with `n` connections open (each used once), and how many of them are not yet closed. */
  async function poolWithConnections(n: number) {
    const pool = openScriptPool(db.url, n, pino({ level: 'silent' }));
    const open = new Set<Client>();
    pool.on('connect', (client) => {
      open.add(client as Client);
      client.once('end', () => open.delete(client as Client));
    });
    const clients = await Promise.all(Array.from({ length: n }, () => pool.connect()));
    await Promise.all(clients.map((client) => client.query('SELECT 1')));
    for (const client of clients) client.release();
    return { pool, open };
  }

  it('stops the server only once every connection of its pool is closed, after what uses the pool', async () => {
    const { pool, open } = await poolWithConnections(3);
    const order: string[] = [];
    const store = { close: async () => void order.push(`store closed, ${open.size} connections open`) };
    // The embedded server stopping ends every session still open with 57P01: none may be left to it.
    const database = { stop: async () => void order.push(`server stopped, ${open.size} connections open`) };

    await closeScriptDatabase(database, pool, store);

    expect(order).toEqual(['store closed, 3 connections open', 'server stopped, 0 connections open']);
  });

  it('closes the pool and stops the server even when closing what came first fails', async () => {
    const { pool, open } = await poolWithConnections(2);
    const stops: number[] = [];
    const failing = { close: () => Promise.reject(new Error('store would not close')) };
    await expect(closeScriptDatabase({ stop: async () => void stops.push(open.size) }, pool, failing)).rejects.toThrow(
      'store would not close',
    );
    expect(stops).toEqual([0]);
  });

  it("listens for errors on the pool and on each connection: a session the server ends is not thrown (Node's unhandled 'error')", async () => {
    const { pool } = await poolWithConnections(2);
    const held = await pool.connect();
    expect(pool.listenerCount('error')).toBeGreaterThan(0);
    expect((held as unknown as Client).listenerCount('error')).toBeGreaterThan(0);
    held.release();
    await pool.end();
  });
});
