import { Client, DatabaseError, Query, type QueryResult } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { CallbackQueryClient } from './callback-query-client';
import { RefusalKeepingPool } from './refusal-keeping-pool';

describe('CallbackQueryClient', () => {
  let db: TestDatabase;
  let client: CallbackQueryClient;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  beforeEach(async () => {
    client = new CallbackQueryClient({ connectionString: db.url });
    await client.connect();
  });
  afterEach(() => client.end());
  afterAll(() => db.drop());

  it('answers a promised query with the result pg gives: rows, row count, command and fields', async () => {
    const result = await client.query<{ n: number; t: string }>('SELECT g AS n, $1::text || g AS t FROM generate_series(1, 3) g', ['row ']);

    expect(result.rows).toEqual([
      { n: 1, t: 'row 1' },
      { n: 2, t: 'row 2' },
      { n: 3, t: 'row 3' },
    ]);
    expect(result.rowCount).toBe(3);
    expect(result.command).toBe('SELECT');
    expect(result.fields.map((f) => f.name)).toEqual(['n', 't']);
  });

  it('answers a statement named in a config object, with and without values', async () => {
    const named = { name: 'doubled', text: 'SELECT $1::int * 2 AS n', values: [21] };
    expect((await client.query(named)).rows).toEqual([{ n: 42 }]);
    expect((await client.query({ ...named, values: [4] })).rows).toEqual([{ n: 8 }]);
    expect((await client.query({ text: 'SELECT 7 AS n' })).rows).toEqual([{ n: 7 }]);
  });

  it('rejects a refused statement with pg’s DatabaseError, and the session goes on', async () => {
    const refused = client.query('SELECT 1 / 0');
    await expect(refused).rejects.toBeInstanceOf(DatabaseError);
    await expect(refused).rejects.toMatchObject({ code: '22012', severity: 'ERROR' });

    expect((await client.query('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
  });

  it('runs a transaction statement by statement: what is rolled back is gone', async () => {
    await client.query('CREATE TEMP TABLE notes (body text)');
    await client.query('BEGIN');
    await client.query('INSERT INTO notes VALUES ($1)', ['kept?']);
    await client.query('ROLLBACK');
    await client.query('BEGIN');
    await client.query('INSERT INTO notes VALUES ($1)', ['kept']);
    await client.query('COMMIT');

    expect((await client.query('SELECT body FROM notes')).rows).toEqual([{ body: 'kept' }]);
  });

  it('leaves the callback form to pg: the callback gets the result and query() returns nothing', async () => {
    let returned: unknown = 'not called';
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      returned = client.query('SELECT 41 + 1 AS n', (error: Error | undefined, result: QueryResult) =>
        error ? reject(error) : resolve(result.rows),
      );
    });

    expect(rows).toEqual([{ n: 42 }]);
    expect(returned).toBeUndefined();
  });

  it('leaves a submittable to pg: it gets the query object back and its events', async () => {
    const submitted = new Query('SELECT 5 AS n');
    const rows: unknown[] = [];
    submitted.on('row', (row: unknown) => rows.push(row));
    const ended = new Promise((resolve, reject) => submitted.on('end', resolve).on('error', reject));

    expect(client.query(submitted)).toBe(submitted);
    await ended;
    expect(rows).toEqual([{ n: 5 }]);
  });

  it('is what a RefusalKeepingPool connects with, unless its config names another Client', async () => {
    const pool = new RefusalKeepingPool({ connectionString: db.url, max: 1 });
    const chosen = new RefusalKeepingPool({ connectionString: db.url, max: 1, Client });
    try {
      const ours = await pool.connect();
      const theirs = await chosen.connect();
      expect(ours).toBeInstanceOf(CallbackQueryClient);
      expect(theirs).not.toBeInstanceOf(CallbackQueryClient);
      ours.release();
      theirs.release();
    } finally {
      await Promise.all([pool.end(), chosen.end()]);
    }
  });
});
