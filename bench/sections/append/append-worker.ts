import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { complaintFiledEvent } from '../complaint';
import { RAW_TABLE, type AppendCell, type AppendSystem, type CellResult } from './append-cell';

/**
 * One cell of the append section in a process of its own (`APPEND_CELL='<AppendCell>' node append-worker.js`):
 * `concurrency` writers append one ComplaintFiled each to a new stream, over a pool of as many
 * connections, first for `warmUpMs` (not counted), then for `durationMs`; prints a CellResult as
 * JSON on stdout. A process per cell, for every system alike: Emmett sets process-wide pg type
 * parsers (int8 as BigInt, its own JSON), which must not reach the other systems or the runner.
 */
interface Appender {
  append(): Promise<unknown>;
  close(): Promise<void>;
}

function appender(system: AppendSystem, url: string, pool: Pool): Appender {
  switch (system) {
    case 'ours': {
      const store = new PostgresEventStore(pool, url);
      return {
        append: () => {
          const caseId = randomUUID();
          return store.appendToStream(`case-${caseId}`, [complaintFiledEvent(caseId)], { expectedVersion: 'no_stream' });
        },
        close: () => store.close(),
      };
    }
    case 'raw':
      // The row the log stores, into a table indexed as the log is; the position from the
      // transaction id as the log does, one INSERT per transaction, no function, no chain.
      return {
        append: () => {
          const caseId = randomUUID();
          const event = complaintFiledEvent(caseId);
          const data = JSON.stringify(event.data);
          const metadata = JSON.stringify(event.metadata);
          const hash = createHash('sha256').update(data).update(metadata).digest('hex');
          return pool.query(
            `INSERT INTO ${RAW_TABLE} (global_position, transaction_id, stream_id, stream_version, event_id, type, schema_version, data, metadata, hash)
             VALUES (pg_current_xact_id()::text::bigint << 20, pg_current_xact_id(), $1, 1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)`,
            [`case-${caseId}`, event.eventId, event.type, event.schemaVersion, data, metadata, hash],
          );
        },
        close: async () => undefined,
      };
    case 'emmett': {
      const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
      return {
        append: () => {
          const caseId = randomUUID();
          const { type, data, metadata } = complaintFiledEvent(caseId);
          const event = { type, data: data as Record<string, unknown>, metadata: { ...metadata } };
          return store.appendToStream(`case-${caseId}`, [event], { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
        },
        close: () => store.close(),
      };
    }
  }
}

async function measure(cell: AppendCell): Promise<CellResult> {
  const pool = new Pool({ connectionString: cell.url, max: cell.concurrency });
  const target = appender(cell.system, cell.url, pool);
  try {
    // Once before the clock starts, for every system alike: Emmett creates its schema on first use.
    await target.append();
    let stopAt = Number.POSITIVE_INFINITY;
    let counting = false;
    const latencies: number[] = [];
    const writers = Array.from({ length: cell.concurrency }, async () => {
      while (performance.now() < stopAt) {
        const started = performance.now();
        await target.append();
        if (counting) latencies.push(performance.now() - started);
      }
    });
    const failed = Promise.all(writers);
    await Promise.race([new Promise((resolve) => setTimeout(resolve, cell.warmUpMs)), failed]);
    counting = true;
    const started = performance.now();
    stopAt = started + cell.durationMs;
    await failed;
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
    return { appends: latencies.length, seconds, perSecond: latencies.length / seconds, latencyMs: { p50: at(50), p99: at(99) } };
  } finally {
    await target.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
  }
}

if (!process.env.APPEND_CELL) {
  process.stderr.write('APPEND_CELL must hold the cell to measure, as JSON\n');
  process.exit(64);
}
measure(JSON.parse(process.env.APPEND_CELL) as AppendCell).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
