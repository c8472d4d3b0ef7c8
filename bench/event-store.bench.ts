import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@app/event-store';
import { machine, round, withBenchDatabase, writeResults } from './bench-kit';

/**
 * `npm run bench`: the PostgreSQL event store on an embedded, durable (fsync on) server, as
 * `npm start` runs it. Prints a table and writes bench/results/event-store.json.
 *   appends      16 writers append single events to 1,000 streams
 *   catch-up     a subscriber reads the whole log from the start
 *   live         one append at a time; time from append call to the subscriber receiving it
 */
const WRITERS = 16;
const APPENDS = Number(process.env.BENCH_APPENDS ?? 20_000);
const STREAMS = 1_000;
const LIVE_SAMPLES = 300;

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

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  await withBenchDatabase({ folderPrefix: 'cases-bench-', durable: true, connections: WRITERS + 4 }, async ({ pool, store }) => {
    // Appends
    const latencies: number[] = [];
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (next < APPENDS) {
          next++;
          const t = process.hrtime.bigint();
          await store.appendToStream(`case-${Math.floor(Math.random() * STREAMS)}`, [event()], { expectedVersion: 'any' });
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
      }),
    );
    const appendSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    latencies.sort((a, b) => a - b);

    // Catch-up
    const catchUpStart = process.hrtime.bigint();
    const subscription = store.subscribe();
    let caughtUp = 0;
    for await (const _ of subscription) if (++caughtUp === APPENDS) break;
    const catchUpSeconds = Number(process.hrtime.bigint() - catchUpStart) / 1e9;

    // Live delivery
    const live = store.subscribe({ after: lastPosition(await pool.query('SELECT max(global_position) AS p FROM events')) });
    const arrivals = new Map<string, bigint>();
    const consumer = (async () => {
      for await (const e of live) {
        arrivals.set(e.eventId, process.hrtime.bigint());
        if (arrivals.size === LIVE_SAMPLES) break;
      }
    })();
    const sent = new Map<string, bigint>();
    for (let i = 0; i < LIVE_SAMPLES; i++) {
      const e = event();
      sent.set(e.eventId, process.hrtime.bigint());
      await store.appendToStream(`live-${i % 10}`, [e], { expectedVersion: 'any' });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await consumer;
    const delivery = [...sent].map(([id, t]) => Number(arrivals.get(id)! - t) / 1e6).sort((a, b) => a - b);

    const results = {
      measuredAt: new Date().toISOString(),
      machine: machine(),
      postgres: 'embedded, durable (fsync on, synchronous_commit on)',
      appends: {
        writers: WRITERS,
        count: APPENDS,
        streams: STREAMS,
        perSecond: Math.round(APPENDS / appendSeconds),
        latencyMs: {
          p50: round(percentile(latencies, 50)),
          p99: round(percentile(latencies, 99)),
          max: round(latencies[latencies.length - 1]),
        },
      },
      catchUp: { events: APPENDS, perSecond: Math.round(APPENDS / catchUpSeconds) },
      liveDeliveryMs: { samples: LIVE_SAMPLES, p50: round(percentile(delivery, 50)), p99: round(percentile(delivery, 99)) },
    };
    console.table({
      'appends/s (16 writers)': results.appends.perSecond,
      'append p50 ms': results.appends.latencyMs.p50,
      'append p99 ms': results.appends.latencyMs.p99,
      'catch-up events/s': results.catchUp.perSecond,
      'live delivery p50 ms': results.liveDeliveryMs.p50,
      'live delivery p99 ms': results.liveDeliveryMs.p99,
    });
    writeResults('event-store', results);
  });
}

function lastPosition(result: { rows: { p: string | null }[] }): bigint | undefined {
  return result.rows[0].p === null ? undefined : BigInt(result.rows[0].p);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
