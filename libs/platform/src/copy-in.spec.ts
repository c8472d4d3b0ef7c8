import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { copyLine, copyLines } from './copy-in';

describe('copyLines', () => {
  let db: TestDatabase;
  let client: Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query('CREATE TEMP TABLE notes (n integer PRIMARY KEY, body text, tags text[])');
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });
  beforeEach(() => client.query('TRUNCATE notes'));

  const copy = (rows: Array<[number, string | null, string[]]>) =>
    copyLines(
      client,
      'COPY notes (n, body, tags) FROM STDIN',
      rows.map((row) => copyLine(row)),
    );
  const read = async () => (await client.query('SELECT n, body, tags FROM notes ORDER BY n')).rows.map((r) => [r.n, r.body, r.tags]);

  it('copies every row exactly, across chunks, whatever the characters', async () => {
    // About 600 kB: three chunks of 256 kB, lines of one, two, three and four bytes a character.
    const rows = Array.from({ length: 3_000 }, (_, n): [number, string | null, string[]] => [
      n,
      n % 7 === 0 ? null : `第${n}号投诉 ${'x'.repeat(n % 150)} tab\there, newline\nthere, back\\slash 🙂 é`,
      n % 5 === 0 ? [] : ['dept-ybj', `单位 "${n}"`, 'a,b {c}'],
    ]);

    expect(await copy(rows)).toBe(3_000);
    expect(await read()).toEqual(rows);
  });

  it('copies a line longer than a chunk whole', async () => {
    const rows: Array<[number, string | null, string[]]> = [
      [1, 'before', []],
      [2, '长'.repeat(100_000) + '🙂'.repeat(10_000), ['tag']],
      [3, 'after', []],
    ];

    expect(await copy(rows)).toBe(3);
    expect(await read()).toEqual(rows);
  });

  it('copies nothing from no lines', async () => {
    expect(await copy([])).toBe(0);
    expect(await read()).toEqual([]);
  });
});
