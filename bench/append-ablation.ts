import * as fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { canonicalJson, PostgresEventStore, type NewEvent } from '@app/event-store';
import { round, withBenchDatabase } from './bench-kit';
import { complaintFiledEvent } from './sections/complaint';

/**
 * Where an append's time goes (issue 11): `npm run build && node dist/bench/append-ablation.js`
 * (SECONDS per cell, default 4; ROUNDS, default 2; CONCURRENCY, default "8,32"; ONLY, a comma list
 * of variant names). On one embedded durable PostgreSQL, in one run, variants of the append take
 * turns with the raw one-INSERT-per-transaction reference, each appending one ComplaintFiled (the
 * append section's event) to a new stream per call (`store-next` and `next-*`: at the version of a
 * stream with events) with c callers over a pool of c connections. Per variant: appends/s, its
 * ratio to raw's in the same round, the CPU per append of this process (Node) and of the server's
 * processes (PostgreSQL, from /proc), the WAL written per append, the append's p99 and longest
 * latency, what active backends waited on (pg_stat_activity sampled every 10 ms) and what those
 * whose statement had run for 100 ms or more waited on (the stalls). MICRO=<n> instead: the CPU of
 * one backend per append, one connection, synchronous_commit off (see micro()). The variants are
 * copies of append_to_stream as it was before migration 1764600000100 (event_streams held each
 * stream's head) with one part taken out, or candidate replacements; no migration. `function` is
 * the current one for batches, `one` the one for one event (append_one_to_stream).
 */
const SECONDS = Number(process.env.SECONDS ?? 4);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const CONCURRENCY = (process.env.CONCURRENCY ?? '8,32').split(',').map(Number);

/** The store's payload for one event: data and metadata in canonical form, as text inside the jsonb. */
const payload = (e: NewEvent) =>
  JSON.stringify([
    {
      event_id: e.eventId,
      type: e.type,
      schema_version: e.schemaVersion,
      data_json: canonicalJson(e.data),
      metadata_json: canonicalJson(e.metadata),
    },
  ]);

interface Parts {
  lock: boolean;
  /** Where the stream's version and head hash come from: event_streams, or the last event by the (stream_id, stream_version) index. */
  streamsRead: boolean | 'events';
  /**
   * 'existing': only when the stream has events (a new stream cannot hold a retry's ids);
   * 'off-version': only when it has events and is not at the expected version (migration 1764600000200).
   */
  duplicateProbe: boolean | 'existing' | 'off-version';
  /** 'assigned': only when the transaction had an id before this call (it wrote before). */
  maxProbe: boolean | 'assigned';
  hash: boolean;
  /** 'split': INSERT for a new stream, UPDATE for one with events, in place of INSERT … ON CONFLICT. */
  streamsUpsert: boolean | 'split';
  /** The function's header: SECURITY DEFINER with a fixed search_path (as the store's), or neither. */
  definer?: boolean;
  /** Extra SET clauses for the header. */
  set?: string;
}
const ALL: Parts = { lock: true, streamsRead: true, duplicateProbe: true, maxProbe: true, hash: true, streamsUpsert: true };
/** Nothing but the INSERT of the events. */
const BARE: Parts = { lock: false, streamsRead: false, duplicateProbe: false, maxProbe: false, hash: false, streamsUpsert: false };

/** append_to_stream (migration 1764100000100) with the parts not in `parts` taken out. */
function variantSql(name: string, parts: Parts): string {
  return `
CREATE FUNCTION ${name}(p_stream_id text, p_expected_kind text, p_expected_version bigint, p_events jsonb)
RETURNS TABLE (next_version bigint, last_position bigint, appended boolean)
LANGUAGE plpgsql ${parts.definer === false ? '' : 'SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp'} ${parts.set ?? ''} AS $$
DECLARE
  v_count integer := jsonb_array_length(p_events); v_current bigint; v_hash text; v_ids uuid[];
  v_existing integer := 0; v_first bigint; v_block bigint; v_start bigint; v_now timestamptz := now();
  v_event jsonb; v_index bigint; v_data text; v_metadata text;
  v_assigned boolean := pg_current_xact_id_if_assigned() IS NOT NULL;
BEGIN
  ${parts.lock ? 'PERFORM pg_advisory_xact_lock(1163285587, hashtext(p_stream_id));' : ''}
  ${
    parts.streamsRead === 'events'
      ? 'SELECT ev.stream_version, ev.hash INTO v_current, v_hash FROM public.events ev WHERE ev.stream_id = p_stream_id ORDER BY ev.stream_version DESC LIMIT 1;'
      : parts.streamsRead
        ? 'SELECT s.version, s.head_hash INTO v_current, v_hash FROM public.event_streams s WHERE s.stream_id = p_stream_id;'
        : ''
  }
  v_current := coalesce(v_current, 0);
  ${parts.duplicateProbe === 'existing' ? 'IF v_current > 0 THEN' : ''}
  ${parts.duplicateProbe === 'off-version' ? "IF v_current > 0 AND NOT (p_expected_kind = 'version' AND v_current = p_expected_version) THEN" : ''}
  ${
    parts.duplicateProbe
      ? `SELECT array_agg((e ->> 'event_id')::uuid ORDER BY o) INTO v_ids FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);
  SELECT count(*), min(ev.stream_version) INTO v_existing, v_first FROM public.events ev WHERE ev.stream_id = p_stream_id AND ev.event_id = ANY (v_ids);`
      : ''
  }
  ${parts.duplicateProbe === 'existing' || parts.duplicateProbe === 'off-version' ? 'END IF;' : ''}
  IF v_existing > 0 THEN RAISE EXCEPTION 'duplicate'; END IF;
  IF (p_expected_kind = 'no_stream' AND v_current <> 0) OR (p_expected_kind = 'stream_exists' AND v_current = 0)
     OR (p_expected_kind = 'version' AND v_current <> p_expected_version) THEN
    RAISE EXCEPTION 'wrong expected version for stream %', p_stream_id USING ERRCODE = 'ES001', DETAIL = v_current::text;
  END IF;
  v_block := (pg_current_xact_id()::text::bigint) << 20;
  v_start := v_block;
  ${parts.maxProbe === 'assigned' ? 'IF v_assigned THEN' : ''}
  ${
    parts.maxProbe
      ? `SELECT coalesce(max(ev.global_position) + 1, v_block) INTO v_start FROM public.events ev WHERE ev.global_position >= v_block AND ev.global_position < v_block + 1048576;`
      : ''
  }
  ${parts.maxProbe === 'assigned' ? 'END IF;' : ''}
  FOR v_event, v_index IN SELECT t.e, t.o FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o) LOOP
    v_data := v_event ->> 'data_json';
    v_metadata := v_event ->> 'metadata_json';
    ${
      parts.hash
        ? `v_hash := public.event_chain_hash(v_data, (v_event ->> 'event_id')::uuid, v_metadata, v_hash, v_now,
                                      (v_event ->> 'schema_version')::integer, p_stream_id, v_current + v_index, v_event ->> 'type');`
        : `v_hash := 'x';`
    }
    INSERT INTO public.events (global_position, transaction_id, stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, hash)
    VALUES (v_start + v_index - 1, pg_current_xact_id(), p_stream_id, v_current + v_index, (v_event ->> 'event_id')::uuid,
            v_event ->> 'type', (v_event ->> 'schema_version')::integer, v_data::jsonb, v_metadata::jsonb, v_now, v_hash);
  END LOOP;
  ${
    parts.streamsUpsert === 'split'
      ? `IF v_current = 0 THEN
    INSERT INTO public.event_streams (stream_id, version, head_hash) VALUES (p_stream_id, v_count, v_hash);
  ELSE
    UPDATE public.event_streams SET version = v_current + v_count, head_hash = v_hash WHERE stream_id = p_stream_id;
  END IF;`
      : parts.streamsUpsert
        ? `INSERT INTO public.event_streams (stream_id, version, head_hash) VALUES (p_stream_id, v_current + v_count, v_hash)
    ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, head_hash = EXCLUDED.head_hash;`
        : ''
  }
  RETURN QUERY SELECT v_current + v_count, v_start + v_count - 1, true;
END;
$$`;
}

type Append = (pool: Pool) => Promise<unknown>;

const callFunction =
  (fn: string): Append =>
  (pool) => {
    const caseId = randomUUID();
    return pool.query(`SELECT * FROM ${fn}($1, 'no_stream', NULL, $2::jsonb)`, [`case-${caseId}`, payload(complaintFiledEvent(caseId))]);
  };

/** Streams that have events, each free for one caller's next append at its version. */
const freeStreams = new Map<Pool, { streamId: string; version: number }[]>();

/**
 * One ComplaintFiled appended at the stream's version to a stream that has events (after its first
 * append), as most commands append: `send` appends and returns the stream's new version.
 */
const atVersion =
  (send: (pool: Pool, streamId: string, version: number, event: NewEvent) => Promise<number>): Append =>
  async (pool) => {
    const free = freeStreams.get(pool) ?? [];
    freeStreams.set(pool, free);
    const stream = free.pop() ?? { streamId: `case-${randomUUID()}`, version: 0 };
    try {
      stream.version = await send(pool, stream.streamId, stream.version, complaintFiledEvent(randomUUID()));
    } finally {
      free.push(stream);
    }
  };

const callFunctionAtVersion = (fn: string): Append =>
  atVersion(async (pool, streamId, version, event) => {
    const { rows } = await pool.query<{ next_version: string }>(`SELECT next_version FROM ${fn}($1, 'version', $2, $3::jsonb)`, [
      streamId,
      version,
      payload(event),
    ]);
    return Number(rows[0].next_version);
  });

/** The raw reference exactly as the append section's worker does it (append-worker.ts). */
const raw: Append = (pool) => {
  const caseId = randomUUID();
  const event = complaintFiledEvent(caseId);
  const data = JSON.stringify(event.data);
  const metadata = JSON.stringify(event.metadata);
  return pool.query(
    `INSERT INTO raw_events (global_position, transaction_id, stream_id, stream_version, event_id, type, schema_version, data, metadata, hash)
     VALUES (pg_current_xact_id()::text::bigint << 20, pg_current_xact_id(), $1, 1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)`,
    [`case-${caseId}`, event.eventId, event.type, event.schemaVersion, data, metadata, randomUUID() + randomUUID()],
  );
};

/**
 * The floor of an optimistic-concurrency append without a function: raw's INSERT as one statement
 * that also reads the stream's head through the (stream_id, stream_version) index and writes only
 * if the stream is at the expected version (here: absent). No lock, no chain, no event_streams.
 */
const floor: Append = (pool) => {
  const caseId = randomUUID();
  const event = complaintFiledEvent(caseId);
  return pool.query({
    // Prepared, as the function's statements are: its plan is made once per connection.
    name: 'floor',
    text: `INSERT INTO raw_events (global_position, transaction_id, stream_id, stream_version, event_id, type, schema_version, data, metadata, hash)
     SELECT pg_current_xact_id()::text::bigint << 20, pg_current_xact_id(), $1, coalesce(max(h.stream_version), 0) + 1, $2, $3, $4, $5::jsonb, $6::jsonb, $7
       FROM (SELECT stream_version FROM raw_events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1) h
     HAVING coalesce(max(h.stream_version), 0) = 0`,
    values: [
      `case-${caseId}`,
      event.eventId,
      event.type,
      event.schemaVersion,
      canonicalJson(event.data),
      canonicalJson(event.metadata),
      randomUUID() + randomUUID(),
    ],
  });
};

function oneValues(caseId: string): unknown[] {
  const e = complaintFiledEvent(caseId);
  return [`case-${caseId}`, e.eventId, e.type, e.schemaVersion, canonicalJson(e.data), canonicalJson(e.metadata)];
}

const VARIANTS: Record<string, { sql?: string; append: Append }> = {
  raw: { append: raw },
  floor: { append: floor },
  store: {
    append: (pool) => {
      const caseId = randomUUID();
      return storeOf(pool).appendToStream(`case-${caseId}`, [complaintFiledEvent(caseId)], { expectedVersion: 'no_stream' });
    },
  },
  'store-gap2': {
    append: (pool) => {
      const caseId = randomUUID();
      return storeOf(pool, 2).appendToStream(`case-${caseId}`, [complaintFiledEvent(caseId)], { expectedVersion: 'no_stream' });
    },
  },
  'store-gap50': {
    append: (pool) => {
      const caseId = randomUUID();
      return storeOf(pool, 50).appendToStream(`case-${caseId}`, [complaintFiledEvent(caseId)], { expectedVersion: 'no_stream' });
    },
  },
  function: { append: callFunction('append_to_stream') },
  // append_one_to_stream (migration 1764800000200), named as the store names it: what the store
  // sends for one event, without the store's own work around the call.
  one: {
    append: (pool) => {
      const caseId = randomUUID();
      return pool.query({
        name: 'one',
        text: `SELECT * FROM append_one_to_stream($1, 'no_stream', NULL, $2, $3, $4, $5, $6)`,
        values: oneValues(caseId),
      });
    },
  },
  copy: { sql: variantSql('v_copy', ALL), append: callFunction('v_copy') },
  'no-lock': { sql: variantSql('v_no_lock', { ...ALL, lock: false }), append: callFunction('v_no_lock') },
  'no-upsert': { sql: variantSql('v_no_upsert', { ...ALL, streamsUpsert: false }), append: callFunction('v_no_upsert') },
  'no-streams': {
    sql: variantSql('v_no_streams', { ...ALL, streamsUpsert: false, streamsRead: false }),
    append: callFunction('v_no_streams'),
  },
  'no-hash': { sql: variantSql('v_no_hash', { ...ALL, hash: false }), append: callFunction('v_no_hash') },
  'no-dup': { sql: variantSql('v_no_dup', { ...ALL, duplicateProbe: false }), append: callFunction('v_no_dup') },
  'no-max': { sql: variantSql('v_no_max', { ...ALL, maxProbe: false }), append: callFunction('v_no_max') },
  lean: {
    sql: variantSql('v_lean', { ...ALL, duplicateProbe: 'existing', maxProbe: 'assigned' }),
    append: callFunction('v_lean'),
  },
  'lean-split': {
    sql: variantSql('v_lean_split', { ...ALL, duplicateProbe: 'existing', maxProbe: 'assigned', streamsUpsert: 'split' }),
    append: callFunction('v_lean_split'),
  },
  'lean-generic': {
    sql: variantSql('v_lean_generic', {
      ...ALL,
      duplicateProbe: 'existing',
      maxProbe: 'assigned',
      set: 'SET plan_cache_mode = force_generic_plan',
    }),
    append: callFunction('v_lean_generic'),
  },
  generic: {
    sql: variantSql('v_generic', { ...ALL, set: 'SET plan_cache_mode = force_generic_plan' }),
    append: callFunction('v_generic'),
  },
  'lean-no-streams': {
    sql: variantSql('v_lean_ns', { ...ALL, duplicateProbe: 'existing', maxProbe: 'assigned', streamsRead: 'events', streamsUpsert: false }),
    append: callFunction('v_lean_ns'),
  },
  // Appends at the stream's version to streams with events (the variants above append to new streams).
  'store-next': {
    append: atVersion(async (pool, streamId, version, event) => {
      return (await storeOf(pool).appendToStream(streamId, [event], { expectedVersion: version })).nextVersion;
    }),
  },
  'next-probe': {
    sql: variantSql('v_next_probe', {
      ...ALL,
      duplicateProbe: 'existing',
      maxProbe: 'assigned',
      streamsRead: 'events',
      streamsUpsert: false,
    }),
    append: callFunctionAtVersion('v_next_probe'),
  },
  'next-off-version': {
    sql: variantSql('v_next_off_version', {
      ...ALL,
      duplicateProbe: 'off-version',
      maxProbe: 'assigned',
      streamsRead: 'events',
      streamsUpsert: false,
    }),
    append: callFunctionAtVersion('v_next_off_version'),
  },
  'bare-invoker': {
    sql: variantSql('v_bare_invoker', { ...BARE, definer: false }),
    append: callFunction('v_bare_invoker'),
  },
  bare: {
    sql: variantSql('v_bare', BARE),
    append: callFunction('v_bare'),
  },
};

let storeFor: { pool: Pool; store: PostgresEventStore } | undefined;
let storeUrl = '';
function storeOf(pool: Pool, announceGapMs?: number) {
  if (storeFor?.pool !== pool) {
    storeFor = { pool, store: new PostgresEventStore(pool, storeUrl, { announceGapMs }) };
  }
  return storeFor.store;
}

/** utime + stime (ms) of the postmaster's children: the server's CPU so far. */
function serverCpuMs(postmaster: number): number {
  let ticks = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== postmaster && Number(entry) !== postmaster) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks * 10; // USER_HZ = 100
}

interface Cell {
  perSecond: number;
  walBytes: number;
  nodeMs: number;
  pgMs: number;
  waits: string;
  /** What backends whose statement had run for 100 ms or more waited on (samples with any: count). */
  slowWaits: string;
  p99Ms: number;
  maxMs: number;
}

/** The most frequent entries of a tally, each as its mean per sample. */
function topOf(tally: Map<string, number>, samples: number): string {
  return [...tally]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([w, n]) => `${w} ${round(n / Math.max(1, samples), 1)}`)
    .join(', ');
}

async function cell(url: string, postmaster: number, append: Append, c: number): Promise<Cell> {
  const pool = new Pool({ connectionString: url, max: c });
  // pool.end() resolves before its sockets close; the server's stop at the end of the run may then
  // end a closing connection, which must not crash the run after its results are printed.
  pool.on('error', () => undefined);
  const sampler = new Client({ connectionString: url });
  await sampler.connect();
  try {
    await Promise.all(Array.from({ length: c }, () => append(pool))); // connections opened, plans cached
    const waits = new Map<string, number>();
    const slowWaits = new Map<string, number>();
    let samples = 0;
    let slowSamples = 0;
    const latencies: number[] = [];
    let sampling = true;
    const sampling$ = (async () => {
      while (sampling) {
        const { rows } = await sampler.query<{ w: string; slow: boolean }>(
          `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS w, now() - query_start >= interval '100 ms' AS slow
             FROM pg_stat_activity
            WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        );
        samples++;
        for (const { w } of rows) waits.set(w, (waits.get(w) ?? 0) + 1);
        if (rows.some((r) => r.slow)) slowSamples++;
        for (const { w } of rows.filter((r) => r.slow)) slowWaits.set(w, (slowWaits.get(w) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    let count = 0;
    const node0 = process.cpuUsage();
    const lsn = async () => (await sampler.query<{ l: string }>('SELECT pg_current_wal_lsn() AS l')).rows[0].l;
    const lsn0 = await lsn();
    const pg0 = serverCpuMs(postmaster);
    const started = process.hrtime.bigint();
    const until = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: c }, async () => {
        while (Date.now() < until) {
          const sent = performance.now();
          await append(pool);
          latencies.push(performance.now() - sent);
          count++;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const node = process.cpuUsage(node0);
    const lsn1 = await lsn();
    const pgMs = serverCpuMs(postmaster) - pg0;
    sampling = false;
    await sampling$;
    latencies.sort((a, b) => a - b);
    const { rows } = await sampler.query<{ b: string }>('SELECT pg_wal_lsn_diff($1, $2) AS b', [lsn1, lsn0]);
    return {
      perSecond: Math.round(count / seconds),
      walBytes: Math.round(Number(rows[0].b) / count),
      nodeMs: round((node.user + node.system) / 1000 / count, 3),
      pgMs: round(pgMs / count, 3),
      waits: topOf(waits, samples),
      slowWaits: slowSamples ? `${slowSamples} of ${samples}: ${topOf(slowWaits, slowSamples)}` : '',
      p99Ms: round(latencies[Math.floor(latencies.length * 0.99)] ?? 0, 1),
      maxMs: round(latencies[latencies.length - 1] ?? 0, 1),
    };
  } finally {
    await sampler.end();
    if (storeFor?.pool === pool) {
      await storeFor.store.close();
      storeFor = undefined;
    }
    await pool.end();
  }
}

/** utime + stime (ms) of one process. */
function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * MICRO=<n>: the CPU each variant costs its backend, without waiting for the disk: one connection,
 * synchronous_commit off, n appends one after the other, the backend's CPU from /proc. Robust on a
 * shared machine, where throughput is not.
 */
async function micro(url: string, names: string[]): Promise<void> {
  const n = Number(process.env.MICRO);
  const table: Record<string, Record<string, number>> = {};
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of names) {
      const pool = new Pool({ connectionString: url, max: 1, options: '-c synchronous_commit=off' });
      pool.on('error', () => undefined); // as in cell()
      try {
        const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        for (let i = 0; i < 50; i++) await VARIANTS[name].append(pool);
        const before = processCpuMs(rows[0].pid);
        const node0 = process.cpuUsage();
        for (let i = 0; i < n; i++) await VARIANTS[name].append(pool);
        const node = process.cpuUsage(node0);
        const row = (table[name] ??= { 'backend µs': 0, 'node µs': 0 });
        row['backend µs'] += Math.round(((processCpuMs(rows[0].pid) - before) * 1000) / n / ROUNDS);
        row['node µs'] += Math.round((node.user + node.system) / n / ROUNDS);
      } finally {
        if (storeFor?.pool === pool) {
          await storeFor.store.close();
          storeFor = undefined;
        }
        await pool.end();
      }
    }
    console.error(`round ${r + 1} done`);
  }
  console.log(`\nCPU per append, one connection, synchronous_commit off, ${n} appends x ${ROUNDS} rounds (mean)`);
  console.table(table);
}

async function main(): Promise<void> {
  await withBenchDatabase({ folderPrefix: 'cases-append-ablation-', durable: true, connections: 4 }, async ({ url, pool }) => {
    storeUrl = url;
    await pool.query('CREATE TABLE raw_events (LIKE events INCLUDING ALL)');
    // The table append_to_stream kept each stream's version and head hash in before migration
    // 1764600000100, for the variants that still read and write it (the ablation that led to dropping it).
    await pool.query('CREATE TABLE event_streams (stream_id text PRIMARY KEY, version bigint NOT NULL, head_hash text)');
    const only = process.env.ONLY?.split(',');
    const names = Object.keys(VARIANTS).filter((n) => n === 'raw' || !only || only.includes(n));
    for (const name of names) if (VARIANTS[name].sql) await pool.query(VARIANTS[name].sql!);
    const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const stat = fs.readFileSync(`/proc/${rows[0].pid}/stat`, 'utf8');
    const postmaster = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);

    if (process.env.MICRO) {
      await micro(url, names);
      return;
    }
    for (const c of CONCURRENCY) {
      const table: Record<string, Record<string, number | string>> = {};
      for (let r = 0; r < ROUNDS; r++) {
        const rawCell = await cell(url, postmaster, raw, c);
        for (const name of names) {
          const result = name === 'raw' ? rawCell : await cell(url, postmaster, VARIANTS[name].append, c);
          const key = `${name} #${r + 1}`;
          table[key] = {
            'appends/s': result.perSecond,
            'x raw': round(result.perSecond / rawCell.perSecond),
            'node ms': result.nodeMs,
            'pg ms': result.pgMs,
            'WAL B': result.walBytes,
            'p99 ms': result.p99Ms,
            'max ms': result.maxMs,
            waits: result.waits,
            'waits >= 100 ms': result.slowWaits,
          };
          console.error(`c=${c} ${key}: ${JSON.stringify(table[key])}`);
        }
      }
      console.log(`\nc = ${c}, ${SECONDS} s per cell (raw measured right before each round's variants)`);
      console.table(table);
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
