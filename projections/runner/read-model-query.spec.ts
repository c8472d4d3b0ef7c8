import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { readPage } from './keyset';
import { ReadModelNotReady } from './read-model-errors';
import { statementName } from './read-model-query';

/**
 * A prepared page (a named statement, planned once per connection) across what a rebuild does to a
 * read model's view: point it at a new generation, possibly with other column types.
 */
describe('readPage, prepared', () => {
  let db: TestDatabase;
  // One connection, so every call below is on the connection that prepared the statement.
  let one: Pool;

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    one = new Pool({ connectionString: db.url, max: 1 });
    // DROP … WITH (FORCE) in afterAll ends connections still closing after one.end(); expected, not a failure.
    one.on('error', () => undefined);
  });
  afterAll(async () => {
    await one.end();
    await db.drop();
  });

  const page = (sql: string) =>
    readPage(one, 'probe', {
      sql,
      params: [],
      limit: 2,
      toItem: (r) => ({ id: r.id, size: r.size }),
      keyOf: (r) => [String(r.id)],
      prepared: true,
    });
  const CAST = 'SELECT id::integer AS id, size::integer AS size FROM probe ORDER BY id';
  const UNCAST = 'SELECT id, size FROM probe ORDER BY id';

  async function generation(n: number, sizeType: string): Promise<void> {
    await one.query(`CREATE TABLE probe__g${n} (id integer PRIMARY KEY, size ${sizeType} NOT NULL)`);
    await one.query(`INSERT INTO probe__g${n} VALUES (1, ${n}), (2, ${n * 10}), (3, ${n * 100})`);
    await one.query('DROP VIEW IF EXISTS probe');
    await one.query(`CREATE VIEW probe AS SELECT * FROM probe__g${n}`);
  }

  it('is ReadModelNotReady before the view exists, and prepared once it does', async () => {
    await expect(page(CAST)).rejects.toBeInstanceOf(ReadModelNotReady);
    await generation(1, 'smallint');
    await expect(page(CAST)).resolves.toEqual({
      items: [
        { id: 1, size: 1 },
        { id: 2, size: 10 },
      ],
      nextCursor: expect.any(String),
    });
    const name = statementName('probe', `${CAST} LIMIT $1`);
    const { rows } = await one.query('SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = $1', [name]);
    expect(rows[0].n).toBe(1);
  });

  it('reads the new generation once the view points at it, whose column has another type, when every column is cast', async () => {
    await page(UNCAST); // prepared on generation 1 too, for the next test
    await generation(2, 'bigint');
    await expect(page(CAST)).resolves.toEqual({
      items: [
        { id: 1, size: 2 },
        { id: 2, size: 20 },
      ],
      nextCursor: expect.any(String),
    });
  });

  it('is refused by PostgreSQL when a column is not cast and its type changed (why a prepared page casts them)', async () => {
    await expect(page(UNCAST)).rejects.toThrow(/cached plan must not change result type/);
  });

  it('is ReadModelNotReady while the live generation lacks a column this version reads (an upgrade rebuilding), then answers from the new one', async () => {
    const WITH_LABEL = 'SELECT id::integer AS id, label::text AS size FROM probe ORDER BY id';
    await expect(page(WITH_LABEL)).rejects.toThrow(new ReadModelNotReady('probe', 'is being built at its new version'));
    await one.query('CREATE TABLE probe__g3 (id integer PRIMARY KEY, label text NOT NULL)');
    await one.query(`INSERT INTO probe__g3 VALUES (1, 'a'), (2, 'b'), (3, 'c')`);
    await one.query('DROP VIEW probe');
    await one.query('CREATE VIEW probe AS SELECT * FROM probe__g3');
    await expect(page(WITH_LABEL)).resolves.toEqual({
      items: [
        { id: 1, size: 'a' },
        { id: 2, size: 'b' },
      ],
      nextCursor: expect.any(String),
    });
  });
});
