import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { jsonArrayParameter } from './json-parameter';

const ROWS = [
  { case_id: 'c-1', title: '关于审批拖延的投诉', due_date: '2025-01-13', open: true, round: 1, members: null },
  { case_id: 'c-2', title: 'quote " backslash \\ newline \n tab \t', due_date: null, open: false, round: 2, members: ['a', 'b'] },
  { case_id: 'c-3', title: 'astral 𠮷 and emoji 🙂', due_date: '2025-12-31', open: true, round: 3, members: [] },
];

/** Enough rows that their JSON passes the large-object size: sent as bytes. */
const MANY = Array.from({ length: 600 }, (_, n) => ({ ...ROWS[n % ROWS.length], case_id: `c-${n}`, round: n }));

const utf8 = (value: string | Buffer) => (typeof value === 'string' ? Buffer.from(value, 'utf8') : value);

describe('jsonArrayParameter', () => {
  it('is JSON.stringify of a small array, as a string', () => {
    for (const items of [ROWS, [], [1, 'two', null, [3], { four: 4 }], [undefined, () => 1, Symbol('s')], ['lone surrogate \ud800']]) {
      expect(jsonArrayParameter(items)).toBe(JSON.stringify(items));
    }
  });

  it('is byte for byte the UTF-8 of JSON.stringify of a large array', () => {
    const odd = Array.from({ length: 3_000 }, (_, n) => [MANY[n % MANY.length], undefined, () => n, 'lone \ud800', n, null][n % 6]);
    for (const items of [MANY, odd]) {
      const parameter = jsonArrayParameter(items);
      expect(Buffer.isBuffer(parameter)).toBe(true);
      expect(utf8(parameter).equals(Buffer.from(JSON.stringify(items), 'utf8'))).toBe(true);
    }
  });

  describe('as a $n::json parameter', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(() => db.drop());

    it('gives PostgreSQL the same value as the JSON text would, small or large', async () => {
      for (const items of [ROWS, MANY]) {
        const { rows } = await db.pool.query('SELECT $1::json::text AS sent, $2::json::text AS text', [
          jsonArrayParameter(items),
          JSON.stringify(items),
        ]);
        expect(rows[0].sent).toBe(rows[0].text);
      }
    });

    it('fills rows through json_populate_recordset, every column as it was', async () => {
      await db.pool.query(
        'CREATE TABLE deadlines (case_id text PRIMARY KEY, title text, due_date date, open boolean, round int, members text[])',
      );
      for (const items of [ROWS, MANY]) {
        await db.pool.query('TRUNCATE deadlines');
        await db.pool.query('INSERT INTO deadlines SELECT * FROM json_populate_recordset(NULL::deadlines, $1::json)', [
          jsonArrayParameter(items),
        ]);

        const { rows } = await db.pool.query('SELECT case_id, title, due_date::text, open, round, members FROM deadlines ORDER BY round');
        expect(rows).toEqual(items);
      }
    });
  });
});
