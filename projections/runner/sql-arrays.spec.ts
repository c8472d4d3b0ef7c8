import { Pool } from 'pg';
import { useEventStoreDatabase } from '../../test/support/event-log';
import { textArrayLiteral } from './sql-arrays';

describe('textArrayLiteral', () => {
  const db = useEventStoreDatabase();

  it('reads back as the same texts, whatever they hold', async () => {
    const rows = [[], [''], ['dept-market'], ['a,b', '{c}', 'say "hi"', 'back\\slash', 'NULL', ' spaced ', '审批窗口', 'line\nbreak']];
    const pool: Pool = db.pool;
    const { rows: back } = await pool.query('SELECT a::text[] AS a FROM unnest($1::text[]) WITH ORDINALITY AS t(a, n) ORDER BY n', [
      rows.map(textArrayLiteral),
    ]);
    expect(back.map((r) => r.a)).toEqual(rows);
  });
});
