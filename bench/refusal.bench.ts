import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { WrongExpectedVersion, PostgresEventStore, type NewEvent } from '@app/event-store';
import { RefusalKeepingPool } from '@app/platform';
import { cpuNow, postmasterOf } from './sections/post-cases/cpu-meter';
import { machine, round, withBenchDatabase, writeResults } from './bench-kit';

/**
 * `npm run bench:refusal`: what a refused statement costs, with the application's pool
 * (RefusalKeepingPool) against pg-pool's own, which closes the connection on any error. The refusal
 * is the commonest one: an append that loses a version conflict (WrongExpectedVersion, two requests
 * on one case). On one connection, ROUNDS times in turn, REFUSALS conflicts one after another: the
 * time per refusal and the CPU of Node (this process) and PostgreSQL (the whole server, from /proc)
 * per refusal. Writes bench/results/refusal.json.
 */
const REFUSALS = Number(process.env.BENCH_REFUSALS ?? 200);
const ROUNDS = 2;

const event = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'ComplaintFiled',
  schemaVersion: 1,
  data: { bench: true },
  metadata: { actorId: 'bench', role: 'intake', correlationId: randomUUID(), causationId: null, occurredAt: new Date().toISOString() },
});

interface Cell {
  pool: string;
  round: number;
  msPerRefusal: number;
  cpuMsPerRefusal: { node: number; postgres: number };
  /** Whether the statement after the refusals ran on the backend the one before them did. */
  sameBackendAfter: boolean;
}

async function measure(url: string, name: string, made: Pool, round_: number): Promise<Cell> {
  made.on('error', () => undefined);
  const store = new PostgresEventStore(made, url);
  const backends = new Set<number>();
  const backend = async () => backends.add((await made.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
  try {
    const streamId = `refusal-${randomUUID()}`;
    await store.appendToStream(streamId, [event()], { expectedVersion: 'no_stream' });
    await backend();
    const postmaster = await postmasterOf(url);
    const before = cpuNow({ node: process.pid }, postmaster);
    const started = performance.now();
    for (let i = 0; i < REFUSALS; i++) {
      const refused = await store.appendToStream(streamId, [event()], { expectedVersion: 'no_stream' }).then(
        () => false,
        (error: unknown) => error instanceof WrongExpectedVersion,
      );
      if (!refused) throw new Error(`${name}: append ${i} was not refused with WrongExpectedVersion`);
    }
    const elapsed = performance.now() - started;
    const after = cpuNow({ node: process.pid }, postmaster);
    await backend();
    const per = (seconds: number) => round((seconds * 1000) / REFUSALS, 3);
    return {
      pool: name,
      round: round_,
      msPerRefusal: round(elapsed / REFUSALS, 3),
      cpuMsPerRefusal: { node: per(after.node - before.node), postgres: per(after.postgres - before.postgres) },
      sameBackendAfter: backends.size === 1,
    };
  } finally {
    await store.close();
    await made.end();
  }
}

async function main(): Promise<void> {
  const cells = await withBenchDatabase({ folderPrefix: 'cases-refusal-bench-', durable: true, connections: 1 }, async ({ url }) => {
    const measured: Cell[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      measured.push(await measure(url, 'pg-pool (closes the connection)', new Pool({ connectionString: url, max: 1 }), r));
      measured.push(
        await measure(url, 'RefusalKeepingPool (the application)', new RefusalKeepingPool({ connectionString: url, max: 1 }), r),
      );
    }
    return measured;
  });
  for (const c of cells) {
    console.log(
      `${c.pool}, round ${c.round}: ${c.msPerRefusal} ms a refusal, CPU Node ${c.cpuMsPerRefusal.node} ms + PostgreSQL ${c.cpuMsPerRefusal.postgres} ms, ${c.sameBackendAfter ? 'the same backend after them' : 'a new backend after them'}`,
    );
  }
  writeResults('refusal', {
    measured: new Date().toISOString(),
    command: 'npm run bench:refusal',
    machine: machine(),
    refusals: REFUSALS,
    cells,
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
