import { useEventStoreDatabase } from '../../test/support/event-log';
import type { Projection } from './projection';
import { analyzeGeneration, createGeneration, physicalName } from './projection-tables';
import { isAnalyzedAfter } from './rebuild';

/**
 * A rebuild fills a generation of fresh tables batch by batch and loads back, at each batch, the rows
 * of the keys its events touch. Those loads must find them by index whatever the table's size: a
 * load that reads the whole table at every batch makes a rebuild slower the longer the log.
 */
describe('the statistics of a generation being filled', () => {
  const db = useEventStoreDatabase();

  /** A ledger-like table keyed by holder and item (the holder alone is not unique), and an audit-like one only appended to. */
  const projection: Projection = {
    name: 'stats-probe',
    version: 1,
    streamPrefixes: ['probe-'],
    eventTypes: 'every',
    applyBatch: async () => undefined,
    tables: [
      {
        name: 'probe_items',
        ddl: (t) => `CREATE TABLE ${t} (holder_id text NOT NULL, item integer NOT NULL, note text NOT NULL, PRIMARY KEY (holder_id, item))`,
      },
      { name: 'probe_log', loggedWhileFilled: true, ddl: (t) => `CREATE TABLE ${t} (position bigint PRIMARY KEY, note text NOT NULL)` },
    ],
  };
  const items = physicalName('probe_items', 1);
  const log = physicalName('probe_log', 1);

  /** The plan of a batch's load of 500 holders' rows, as the projections write it (row-batch.ts). */
  async function loadPlan(): Promise<string> {
    const keys = Array.from({ length: 500 }, (_, i) => `holder-${i * 37}`);
    const { rows } = await db.pool.query(`EXPLAIN SELECT to_json(t) AS row FROM ${items} t WHERE holder_id = ANY($1)`, [keys]);
    return rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
  }

  async function reltuples(table: string): Promise<number> {
    const { rows } = await db.pool.query(`SELECT reltuples FROM pg_class WHERE oid = $1::regclass`, [table]);
    return Number(rows[0].reltuples);
  }

  it('lets a load of a few hundred keys use the index once analyzed, where without statistics it reads the whole table', async () => {
    const client = await db.pool.connect();
    try {
      await createGeneration(client, projection, 1);
      // 20,000 holders of two items each: the shape of the ledger's measures after a few hundred batches.
      await client.query(
        `INSERT INTO ${items} SELECT 'holder-' || h, i, repeat('x', 80) FROM generate_series(1, 20000) h, generate_series(1, 2) i`,
      );
      await client.query(`INSERT INTO ${log} SELECT p, repeat('y', 80) FROM generate_series(1, 20000) p`);

      expect(await loadPlan()).toMatch(/Seq Scan/);

      await analyzeGeneration(client, projection, 1);

      const plan = await loadPlan();
      expect(plan).not.toMatch(/Seq Scan/);
      expect(plan).toMatch(/Index/);
      expect(await reltuples(items)).toBe(40_000);
      // Never read back while filled: left for the rebuild's end, as before (-1: never analyzed).
      expect(await reltuples(log)).toBe(-1);
    } finally {
      client.release();
    }
  });

  it('is gathered after the 1st, 4th, 16th, 64th, 256th … batch of a replay: a few times per rebuild, as the tables grow', () => {
    const batches = Array.from({ length: 5_000 }, (_, i) => i + 1).filter(isAnalyzedAfter);
    expect(batches).toEqual([1, 4, 16, 64, 256, 1024, 4096]);
    expect(isAnalyzedAfter(0)).toBe(false);
  });
});
