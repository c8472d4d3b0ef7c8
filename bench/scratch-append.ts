import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { canonicalJson, PostgresEventStore, type NewEvent } from '@app/event-store';
import { round, withBenchDatabase } from './bench-kit';

/**
 * Issue 11, item 3 (appends that scale with concurrency), a scratch bench beside the official one
 * (bench/main.ts): `npm run build && node dist/bench/scratch-append.js` (SECONDS=5 per cell). On one
 * embedded durable PostgreSQL, in one run:
 *   appends   one event to a new stream at c = 1 / 8 / 32 for SECONDS each: through the store;
 *             through append_to_stream called directly (what the store adds: the rest);
 *             through append_to_stream as it was before migration 1764100000100 (with its
 *             pg_notify: `append_with_notify` here); raw one-INSERT-per-transaction through pg into
 *             a table made LIKE events INCLUDING ALL (same indexes)
 *   live      append call to delivery, one append every 5 ms: a subscriber of the appending store
 *             (woken as the append returns), of another store (another process: woken by the
 *             store's NOTIFY), and of another store woken by the old function's NOTIFY at commit;
 *             idle and beside 8 writers appending as fast as they can
 *   grouped   an upper bound for group commit: c appends sent as 2 concurrent batches of c / 2,
 *             each batch one call of `append_batch` (below: the streams' locks taken first, then
 *             append_to_stream per append in a subtransaction of its own, so one refusal does not
 *             undo the others), one transaction
 */
const SECONDS = Number(process.env.SECONDS ?? 5);
const CONCURRENCY = [1, 8, 32];
const LIVE_SAMPLES = Number(process.env.LIVE_SAMPLES ?? 200);

function event(): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'ComplaintFiled',
    schemaVersion: 1,
    data: {
      title: '企业开办审批材料重复提交',
      category: 'red-tape',
      urgency: 'normal',
      description: '同一材料在三个窗口重复提交'.repeat(4),
    },
    metadata: {
      actorId: 'bench',
      role: 'intake',
      unitId: null,
      correlationId: randomUUID(),
      causationId: null,
      occurredAt: new Date().toISOString(),
    },
  };
}

/** The store's append payload (events in canonical form), for calling the SQL functions directly. */
const payload = (events: NewEvent[]) =>
  JSON.stringify(
    events.map((e) => ({
      event_id: e.eventId,
      type: e.type,
      schema_version: e.schemaVersion,
      data_json: canonicalJson(e.data),
      metadata_json: canonicalJson(e.metadata),
    })),
  );

type Append = (e: NewEvent) => Promise<unknown>;

/** Appends per second with `c` callers appending one event each to a new stream, for SECONDS. */
async function throughput(append: Append, c: number): Promise<number> {
  let count = 0;
  const until = Date.now() + SECONDS * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (Date.now() < until) {
        await append(event());
        count++;
      }
    }),
  );
  return Math.round(count / (Number(process.hrtime.bigint() - started) / 1e9));
}

/** Group commit, as an experiment: not a migration. */
const APPEND_BATCH_SQL = `
CREATE FUNCTION append_batch(p_appends jsonb)
RETURNS TABLE (i bigint, next_version bigint, last_position bigint, appended boolean, failure text, detail text)
LANGUAGE plpgsql AS $$
DECLARE
  v_key    integer;
  v_append jsonb;
  v_index  bigint;
  v_result record;
BEGIN
  -- Every stream's lock before the transaction gets its id, in one order for all batches (no deadlock).
  FOR v_key IN SELECT DISTINCT hashtext(x ->> 'stream_id') FROM jsonb_array_elements(p_appends) x ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(1163285587, v_key);
  END LOOP;
  FOR v_append, v_index IN SELECT x, n FROM jsonb_array_elements(p_appends) WITH ORDINALITY t(x, n) LOOP
    BEGIN
      SELECT * INTO v_result FROM append_to_stream(v_append ->> 'stream_id', v_append ->> 'kind', (v_append ->> 'version')::bigint, v_append -> 'events');
      i := v_index; next_version := v_result.next_version; last_position := v_result.last_position; appended := v_result.appended;
      failure := NULL; detail := NULL;
    EXCEPTION WHEN OTHERS THEN
      i := v_index; next_version := NULL; last_position := NULL; appended := NULL;
      failure := SQLSTATE; detail := SQLERRM;
    END;
    RETURN NEXT;
  END LOOP;
END;
$$`;

/** Appends per second through append_batch: 2 callers, each sending batches of c / 2 new streams. */
async function grouped(pool: Pool, c: number): Promise<number> {
  let count = 0;
  const until = Date.now() + SECONDS * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      while (Date.now() < until) {
        const batch = Array.from({ length: Math.max(1, c / 2) }, () => ({
          stream_id: `case-${randomUUID()}`,
          kind: 'no_stream',
          version: null,
          events: JSON.parse(payload([event()])) as unknown,
        }));
        const { rows } = await pool.query<{ failure: string | null }>('SELECT * FROM append_batch($1::jsonb)', [JSON.stringify(batch)]);
        if (rows.some((r) => r.failure)) throw new Error(`append_batch: ${JSON.stringify(rows)}`);
        count += batch.length;
      }
    }),
  );
  return Math.round(count / (Number(process.hrtime.bigint() - started) / 1e9));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Append-to-delivery latency (ms, p50/p99) to `subscriber`, one append every 5 ms, beside `load` writers. */
async function live(append: Append, subscriber: PostgresEventStore, pool: Pool, tag: string, load?: Append) {
  const { rows } = await pool.query<{ p: string | null }>('SELECT max(global_position) AS p FROM events');
  const subscription = subscriber.subscribe({
    after: rows[0].p === null ? undefined : BigInt(rows[0].p),
    filter: { streamPrefixes: [tag] },
  });
  const arrivals = new Map<string, bigint>();
  const consumer = (async () => {
    for await (const e of subscription) {
      arrivals.set(e.eventId, process.hrtime.bigint());
      if (arrivals.size === LIVE_SAMPLES) break;
    }
  })();
  let loading = load !== undefined;
  const writers = Array.from({ length: load ? 8 : 0 }, async () => {
    while (loading) await load!(event());
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const sent = new Map<string, bigint>();
  for (let i = 0; i < LIVE_SAMPLES; i++) {
    const e = event();
    sent.set(e.eventId, process.hrtime.bigint());
    await append({ ...e, type: tag });
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await consumer;
  loading = false;
  await Promise.all(writers);
  const delivery = [...sent].map(([id, t]) => Number(arrivals.get(id)! - t) / 1e6).sort((a, b) => a - b);
  return { p50: round(percentile(delivery, 50)), p99: round(percentile(delivery, 99)) };
}

async function main(): Promise<void> {
  await withBenchDatabase({ folderPrefix: 'cases-scratch-append-', durable: true, connections: 40 }, async ({ url, pool, store }) => {
    // The function as it was, with its NOTIFY at commit, as the reference of "before".
    const { rows } = await pool.query<{ def: string }>("SELECT pg_get_functiondef('append_to_stream'::regproc) AS def");
    const before = rows[0].def
      .replace(/FUNCTION public\.append_to_stream/, 'FUNCTION public.append_with_notify')
      .replace(/(\n\s*RETURN QUERY SELECT v_current \+ v_count)/, "\n  PERFORM pg_notify('event_store_appended', '');$1");
    if (!before.includes('pg_notify')) throw new Error('could not rebuild the function with its NOTIFY');
    await pool.query(before);
    await pool.query('CREATE SEQUENCE raw_position; CREATE TABLE raw_events (LIKE events INCLUDING ALL)');
    await pool.query(APPEND_BATCH_SQL);

    const viaStore: Append = (e) => store.appendToStream(`case-${randomUUID()}`, [e], { expectedVersion: 'no_stream' });
    const viaFunction: Append = (e) =>
      pool.query("SELECT * FROM append_to_stream($1, 'no_stream', NULL, $2::jsonb)", [`case-${randomUUID()}`, payload([e])]);
    const viaOld: Append = (e) =>
      pool.query("SELECT * FROM append_with_notify($1, 'no_stream', NULL, $2::jsonb)", [`case-${randomUUID()}`, payload([e])]);
    const raw: Append = (e) =>
      pool.query(
        `INSERT INTO raw_events (global_position, transaction_id, stream_id, stream_version, event_id, type, schema_version, data, metadata, hash)
         VALUES (nextval('raw_position'), pg_current_xact_id(), $1, 1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)`,
        [
          `case-${randomUUID()}`,
          e.eventId,
          e.type,
          e.schemaVersion,
          canonicalJson(e.data),
          canonicalJson(e.metadata),
          randomUUID().repeat(2),
        ],
      );

    const appends: Record<string, Record<string, number | string>> = {};
    for (const c of CONCURRENCY) {
      const rawRate = await throughput(raw, c);
      const storeRate = await throughput(viaStore, c);
      const functionRate = await throughput(viaFunction, c);
      const oldRate = await throughput(viaOld, c);
      const groupedRate = c > 1 ? await grouped(pool, c) : 0;
      appends[`c = ${c}`] = {
        'raw INSERT/s': rawRate,
        'store/s': storeRate,
        'store / raw': round(storeRate / rawRate),
        'function alone/s': functionRate,
        'with NOTIFY/s': oldRate,
        'with NOTIFY / raw': round(oldRate / rawRate),
        'grouped/s': groupedRate,
        'grouped / raw': round(groupedRate / rawRate),
      };
      console.error(`c = ${c} done`);
    }
    console.table(appends);

    const otherPool = new Pool({ connectionString: url, max: 4 });
    const other = new PostgresEventStore(otherPool, url);
    try {
      const tagged =
        (append: (e: NewEvent, stream: string) => Promise<unknown>): Append =>
        (e) =>
          append(e, `${e.type}-${randomUUID()}`);
      const storeTagged = tagged((e, s) => store.appendToStream(s, [e], { expectedVersion: 'no_stream' }));
      const oldTagged = tagged((e, s) =>
        pool.query("SELECT * FROM append_with_notify($1, 'no_stream', NULL, $2::jsonb)", [s, payload([e])]),
      );
      const results: Record<string, { p50: number; p99: number }> = {};
      for (const [name, load] of [
        ['idle', undefined],
        ['beside 8 writers', true],
      ] as const) {
        results[`same store, ${name}`] = await live(storeTagged, store, pool, `same-${load ? 'load' : 'idle'}`, load && viaStore);
        results[`other store (NOTIFY after), ${name}`] = await live(
          storeTagged,
          other,
          pool,
          `other-${load ? 'load' : 'idle'}`,
          load && viaStore,
        );
        results[`other store, old NOTIFY at commit, ${name}`] = await live(
          oldTagged,
          other,
          pool,
          `old-${load ? 'load' : 'idle'}`,
          load && viaOld,
        );
        console.error(`live ${name} done`);
      }
      console.table(results);
    } finally {
      await other.close();
      await otherPool.end();
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
