import { copyLines } from '@app/platform';
import { useEventStoreDatabase } from '../../test/support/event-log';
import type { ProjectionContext } from './projection';
import { insertRows, writeRows } from './row-batch';
import { BatchRows, keepRowsIn, RowCache, rowCacheOf, type RowSlot } from './row-cache';
import { rowSlot } from './table-slots';

/**
 * A rebuild's bulk inserts the rows of keys the tables never held by COPY (insertRows), the live
 * runner upserts them from JSON (writeRows): the same rows must come out, value for value, or a
 * rebuilt read model would answer differently from the one it replaces.
 */
describe('rows inserted by COPY in a rebuild and upserted from JSON live', () => {
  const db = useEventStoreDatabase();
  const COLUMNS = `
    id        text PRIMARY KEY,
    title     text,
    n         integer,
    big       bigint,
    ratio     numeric,
    flag      boolean,
    day       date,
    at        timestamptz,
    tags      text[] NOT NULL DEFAULT '{}',
    doc       json,
    bin       jsonb,
    note      text NOT NULL DEFAULT 'default note'`;

  /** A context on `generation`'s tables; with `copy` as a rebuild's bulk has it. */
  function contextOn(generation: string, copy: boolean): ProjectionContext {
    const ctx: ProjectionContext = {
      table: (name) => `${name}_${generation}`,
      query: async (sql, params) => {
        const result = await db.pool.query(sql, params as unknown[]);
        return { rows: result.rows, rowCount: result.rowCount };
      },
    };
    if (copy) {
      ctx.copy = async (name, columns, lines) => {
        const client = await db.pool.connect();
        try {
          await copyLines(client, `COPY ${ctx.table(name)} (${columns.join(', ')}) FROM STDIN`, lines);
        } finally {
          client.release();
        }
      };
    }
    return ctx;
  }

  beforeEach(async () => {
    for (const generation of ['copied', 'upserted']) {
      await db.pool.query(`DROP TABLE IF EXISTS probe_rows_${generation}; CREATE TABLE probe_rows_${generation} (${COLUMNS})`);
    }
  });

  /** Every row of a generation's table, every column as PostgreSQL writes it out. */
  async function contents(generation: string): Promise<unknown[]> {
    const { rows } = await db.pool.query(`SELECT row_to_json(t)::text AS row FROM probe_rows_${generation} t ORDER BY id`);
    return rows.map((r: { row: string }) => r.row);
  }

  it('gives every value the upsert gives: nulls, escapes, arrays, JSON, instants, days, numbers as text', async () => {
    const rows = [
      {
        id: 'plain',
        title: '企业反映审批超时',
        n: 3,
        big: '9007199254740993',
        ratio: 0.1,
        flag: true,
        day: '2025-03-06',
        at: '2025-03-04T02:10:00.000Z',
        tags: ['dept-a', 'dept b'],
        doc: [{ due: '2025-03-20', events: ['e1'] }],
        bin: { nested: { list: [1, null, 'x'] } },
        note: 'a note',
      },
      {
        id: 'awkward',
        title: 'tab\there, newline\nthere, back\\slash, "quotes", \\N, {braces}, comma,',
        n: null,
        big: null,
        ratio: Number.NaN,
        flag: false,
        day: null,
        at: new Date('2025-12-31T16:00:00.123Z'),
        tags: ['a,b', 'c"d', 'e\\f', '{g}', '', 'NULL', null, 'tab\t', '中文'],
        doc: 'a JSON string',
        bin: null,
        note: 'x\r\ny',
      },
      // Keys the first row has and this one lacks: NULL both ways (the columns are the first row's).
      { id: 'short', title: 'only a title', tags: ['x'], note: 'n' },
      { id: 'typed', title: { an: 'object' }, n: '42', ratio: 1e21, flag: 'true', doc: 7, bin: 'text', tags: [], note: true },
    ];

    await insertRows(contextOn('copied', true), 'probe_rows', ['id'], rows);
    await writeRows(contextOn('upserted', false), 'probe_rows_upserted', ['id'], rows);

    const copied = await contents('copied');
    expect(copied).toHaveLength(rows.length);
    expect(copied).toEqual(await contents('upserted'));
  });

  it('upserts instead where the context has no COPY (the live runner, a rebuild’s tail)', async () => {
    const ctx = contextOn('upserted', false);
    await insertRows(ctx, 'probe_rows', ['id'], [{ id: 'a', title: 'first' }]);
    // The same key again: an upsert, not a duplicate key.
    await insertRows(ctx, 'probe_rows', ['id'], [{ id: 'a', title: 'second' }]);

    const { rows } = await db.pool.query(`SELECT id, title FROM probe_rows_upserted`);
    expect(rows).toEqual([{ id: 'a', title: 'second' }]);
  });

  it('in a rebuild, COPYs the rows of keys read and found nowhere, and upserts those the tables held', async () => {
    const ctx = contextOn('copied', true);
    keepRowsIn(ctx, new RowCache(1_000));
    await db.pool.query(`INSERT INTO probe_rows_copied (id, title) VALUES ('held', 'as the tables had it')`);
    const slot: RowSlot<{ id: string; title: string }> = rowSlot('probe_rows', 'id');
    const upserted: unknown[] = [];
    const copied: string[][] = [];
    const [query, copy] = [ctx.query, ctx.copy!];
    ctx.query = (sql, params) => {
      if (sql.trim().startsWith('INSERT')) upserted.push(...JSON.parse(String(params![0])).map((r: { id: string }) => r.id));
      return query(sql, params);
    };
    ctx.copy = (name, columns, lines) => (copied.push(lines.map((line) => line.split('\t')[0])), copy(name, columns, lines));

    const rows = await BatchRows.read(ctx, slot, ['held', 'new']);
    rows.set('held', { id: 'held', title: 'changed' });
    rows.set('new', { id: 'new', title: 'filed' });
    await rows.write(ctx);
    await rowCacheOf(ctx)!.flush(ctx);

    // Every column but the two given as a new row has them: null, or the column's default.
    const row = (id: string, title: string) =>
      JSON.stringify({
        id,
        title,
        n: null,
        big: null,
        ratio: null,
        flag: null,
        day: null,
        at: null,
        tags: [],
        doc: null,
        bin: null,
        note: 'default note',
      });
    expect(await contents('copied')).toEqual([row('held', 'changed'), row('new', 'filed')]);
    expect({ copied, upserted }).toEqual({ copied: [['new']], upserted: ['held'] });
  });
});
