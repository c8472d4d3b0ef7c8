import { randomUUID } from 'node:crypto';
import { CheckpointLedger, PostgresEventStore, verifyLog, type NewEvent } from '@app/event-store';
import { caseListProjection, PROJECTIONS } from '@app/projections';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { appendCases } from '../../test/support/case-events';
import { waitUntilVisible } from '../../test/support/event-log';
import { readHistoryTemplate, type HistoryTemplate } from './history-template';
import { generateLog, type GeneratedLog } from './log-generator';
import { rebuildAll } from './rebuild-all';

/**
 * The scale bench's big logs are only worth measuring if they are logs the application accepts:
 * case histories copied twice must pass the integrity verifier, take further appends on their
 * chains, and rebuild into read models holding each case-scoped row twice (every other row once).
 */
describe('the scale bench log generator', () => {
  const COPIES = 2;
  let source: TestDatabase;
  let target: TestDatabase;
  let template: HistoryTemplate;
  let generated: GeneratedLog;

  beforeAll(async () => {
    source = await createTestDatabase();
    target = await createTestDatabase();
    // Case histories as the decider writes them (the bench copies a demo year; too slow for a spec).
    const store = new PostgresEventStore(source.pool, source.url);
    try {
      await appendCases(store, 6);
    } finally {
      await store.close();
    }
    template = await readHistoryTemplate(source.pool);
    // Small chunks: several transactions, so positions span several transaction blocks.
    generated = await generateLog(target.url, template, { copies: COPIES, chunkSize: 40 });
    // Readers (the verifier, the rebuild) see the log only below the cluster-wide visibility horizon,
    // which another test file's open transaction can hold back for a while (CI run 22: the verifier
    // saw 0 events): wait until the last event written is visible.
    const { rows } = await target.pool.query(`SELECT max(global_position)::text AS last FROM events`);
    const targetStore = new PostgresEventStore(target.pool, target.url);
    try {
      await waitUntilVisible(targetStore, BigInt(rows[0].last));
    } finally {
      await targetStore.close();
    }
  }, 60_000);
  afterAll(async () => {
    await source?.drop();
    await target?.drop();
  });

  const verify = async (db: TestDatabase) => {
    const store = new PostgresEventStore(db.pool, db.url);
    try {
      return await verifyLog(store, new CheckpointLedger(db.pool), { key: null });
    } finally {
      await store.close();
    }
  };

  it('writes every case event once per copy and the other streams once, and the verifier accepts the log', async () => {
    expect(template.cases).toBeGreaterThan(0);
    expect(generated.events).toBe(template.sharedEvents + COPIES * template.caseEvents);
    const verification = await verify(target);
    expect(verification.firstFailure).toBeNull();
    expect(verification).toMatchObject({ ok: true, events: generated.events, streams: generated.streams });
  });

  it('numbers positions as append_to_stream does, and keeps each stream in position order', async () => {
    const { rows } = await target.pool.query(
      `SELECT count(*) FILTER (WHERE global_position >> 20 <> transaction_id::text::bigint) AS misplaced,
              count(DISTINCT transaction_id) AS transactions FROM events`,
    );
    expect(Number(rows[0].misplaced)).toBe(0);
    expect(Number(rows[0].transactions)).toBeGreaterThan(1);
    const disorder = await target.pool.query(
      `SELECT count(*) AS n FROM (SELECT stream_version - lag(stream_version) OVER (PARTITION BY stream_id ORDER BY global_position) AS step FROM events) s
        WHERE step <> 1`,
    );
    expect(Number(disorder.rows[0].n)).toBe(0);
  });

  it('rebuilds every read model: case rows once per copy, every other row once', async () => {
    await rebuildAll(source.url);
    await rebuildAll(target.url);
    for (const projection of PROJECTIONS) {
      for (const table of projection.tables) {
        const [original, copied] = await Promise.all([rowCounts(source, table.name), rowCounts(target, table.name)]);
        expect({ table: table.name, ...copied }).toEqual({
          table: table.name,
          caseRows: COPIES * original.caseRows,
          otherRows: original.otherRows,
        });
      }
    }
    // New cases, the same units.
    const caseList = caseListProjection.tables[0].name;
    const figures = (db: TestDatabase) =>
      db.pool.query(`SELECT count(*) AS cases, count(DISTINCT complained_unit_id) AS units FROM ${caseList}`);
    const [original, copied] = await Promise.all([figures(source), figures(target)]);
    expect(Number(copied.rows[0].cases)).toBe(COPIES * template.cases);
    expect(copied.rows[0].units).toBe(original.rows[0].units);
  });

  // After the rebuild above: the probe would be one more row of the audit trail.
  it("leaves each stream's head where the next append chains on", async () => {
    const originals = (await source.pool.query<{ stream_id: string }>('SELECT DISTINCT stream_id FROM events')).rows.map(
      (r) => r.stream_id,
    );
    const { rows } = await target.pool.query<{ stream_id: string; version: string }>(
      `SELECT stream_id, max(stream_version) AS version FROM events WHERE stream_id LIKE 'case-%' AND stream_id <> ALL($1)
        GROUP BY stream_id ORDER BY version DESC LIMIT 1`,
      [originals],
    );
    const store = new PostgresEventStore(target.pool, target.url);
    const probe: NewEvent = {
      eventId: randomUUID(),
      type: 'BenchProbe',
      schemaVersion: 1,
      data: {},
      metadata: {
        actorId: 'spec',
        role: 'system',
        unitId: null,
        correlationId: randomUUID(),
        causationId: null,
        occurredAt: new Date().toISOString(),
      },
    };
    try {
      await store.appendToStream(rows[0].stream_id, [probe], { expectedVersion: Number(rows[0].version) });
    } finally {
      await store.close();
    }
    expect((await verify(target)).ok).toBe(true);
  });
});

/** Rows of a read model's table about a case (a case_id, or a case stream's event) and the others. */
async function rowCounts(db: TestDatabase, table: string): Promise<{ caseRows: number; otherRows: number }> {
  const { rows: columns } = await db.pool.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND column_name IN ('case_id', 'stream_id')`,
    [table],
  );
  const about = columns.map((c) => (c.column_name === 'case_id' ? 'case_id IS NOT NULL' : `stream_id LIKE 'case-%'`));
  const caseRows = about.length ? `count(*) FILTER (WHERE ${about.join(' OR ')})` : '0';
  const { rows } = await db.pool.query(`SELECT ${caseRows} AS case_rows, count(*) AS all_rows FROM ${table}`);
  return { caseRows: Number(rows[0].case_rows), otherRows: Number(rows[0].all_rows) - Number(rows[0].case_rows) };
}
