import { Client, DatabaseError } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { RefusalKeepingPool } from './refusal-keeping-pool';

/** The backend serving the pool's one connection. */
async function backendOf(pool: RefusalKeepingPool): Promise<number> {
  const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return rows[0].pid;
}

describe('RefusalKeepingPool', () => {
  let db: TestDatabase;
  let pool: RefusalKeepingPool;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  beforeEach(() => {
    pool = new RefusalKeepingPool({ connectionString: db.url, max: 1 });
    pool.on('error', () => undefined);
  });
  afterEach(() => pool.end());
  afterAll(() => db.drop());

  it('keeps the connection of a statement the server refused, and the next statement runs on it', async () => {
    const before = await backendOf(pool);

    const refused = pool.query('SELECT 1 / 0');
    await expect(refused).rejects.toBeInstanceOf(DatabaseError);
    await expect(refused).rejects.toMatchObject({ code: '22012', severity: 'ERROR' });

    expect(await backendOf(pool)).toBe(before);
    expect(pool.totalCount).toBe(1);
  });

  it('keeps it through a refusal raised by a function, with parameters and a named statement', async () => {
    const before = await backendOf(pool);
    const raising = { name: 'raising', text: 'SELECT CASE WHEN $1::int > 0 THEN 1 / ($1::int - $1::int) ELSE 0 END AS n', values: [1] };

    await expect(pool.query(raising)).rejects.toMatchObject({ code: '22012' });
    // The named statement stays prepared on the session it was kept on.
    expect((await pool.query({ ...raising, values: [0] })).rows).toEqual([{ n: 0 }]);
    expect(await backendOf(pool)).toBe(before);
  });

  it('closes a connection whose session the server ended, and the next statement gets a new one', async () => {
    const before = await backendOf(pool);

    await expect(pool.query('SELECT pg_terminate_backend(pg_backend_pid())')).rejects.toThrow();

    const after = await backendOf(pool);
    expect(after).not.toBe(before);
    expect(pool.totalCount).toBe(1);
  });

  it('survives the server ending the session of a connection in use, between two statements', async () => {
    const client = await pool.connect();
    await client.query('BEGIN');
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    // pg emits 'error' on a client in use when its session ends with no statement in flight; with no
    // listener, EventEmitter throws it and the process dies. The emit is watched, not listened to.
    let emitted = false;
    let thrown: unknown;
    const emit = client.emit.bind(client);
    client.emit = ((event: string, ...args: unknown[]) => {
      if (event !== 'error') return emit(event, ...args);
      emitted = true;
      try {
        return emit(event, ...args);
      } catch (error) {
        thrown = error;
        return false;
      }
    }) as typeof client.emit;

    const other = new Client({ connectionString: db.url });
    await other.connect();
    await other.query('SELECT pg_terminate_backend($1)', [backend]);
    await other.end();
    const deadline = Date.now() + 5_000;
    while (!emitted && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));

    expect(emitted).toBe(true);
    expect(thrown).toBeUndefined();
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release(new Error('session ended'));
    expect(await backendOf(pool)).not.toBe(backend);
  });

  it('leaves the callback form to pg-pool', async () => {
    const rows = await new Promise<unknown[]>((resolve, reject) =>
      pool.query('SELECT 41 + 1 AS n', (error: Error | undefined, result: { rows: unknown[] }) =>
        error ? reject(error) : resolve(result.rows),
      ),
    );
    expect(rows).toEqual([{ n: 42 }]);
  });
});
