import { Client } from 'pg';
import { spawnNode } from '../../bench-processes';
import { ratioOf } from '../../bench-report';
import { ReferenceFailed, type BenchContext, type BenchRow, type BenchSection } from '../../bench-section';
import { RAW_TABLE, type AppendCell, type AppendSystem, type CellResult } from './append-cell';

/**
 * `EventStore.appendToStream` — new streams, one realistic ComplaintFiled each — at 1, 8 and 32
 * concurrent writers, beside (a) raw `pg`: one INSERT of the same row per transaction into a table
 * indexed as the log is, and (b) Emmett 0.42's PostgreSQL event store appending the same events.
 * Same pool size (= writers) for all three; each cell in a fresh worker process with a warm-up
 * first; the systems take turns within a concurrency so drift of a shared machine hits them alike.
 */
const CONCURRENCIES = [1, 8, 32] as const;
const SYSTEMS: readonly AppendSystem[] = ['ours', 'raw', 'emmett'];
const REFERENCE_NAMES = { raw: 'raw pg INSERT', emmett: 'Emmett 0.42' } as const;
const WORKER = 'dist/bench/sections/append/append-worker.js';

export const appendSection: BenchSection = {
  name: 'append',
  async run(ctx: BenchContext) {
    const durationMs = ctx.quick ? 2_000 : 10_000;
    const warmUpMs = ctx.quick ? 500 : 3_000;
    const urls: Record<AppendSystem, string> = {
      ours: (await ctx.createDatabase('append_ours')).url,
      raw: (await ctx.createDatabase('append_raw')).url,
      // Emmett creates its own schema on first use (during the warm-up of its first cell).
      emmett: (await ctx.createDatabase('append_emmett', { migrated: false })).url,
    };
    await createRawTable(urls.raw);

    const results: Record<string, Record<AppendSystem, CellResult>> = {};
    for (const concurrency of CONCURRENCIES) {
      const cells = {} as Record<AppendSystem, CellResult>;
      for (const system of SYSTEMS) {
        const cell: AppendCell = { system, url: urls[system], concurrency, warmUpMs, durationMs };
        try {
          cells[system] = await runCell(cell);
        } catch (error) {
          if (system === 'ours') throw error;
          throw new ReferenceFailed(REFERENCE_NAMES[system], error);
        }
        ctx.log(
          `append c=${concurrency} ${system}: ${Math.round(cells[system].perSecond)}/s, p99 ${cells[system].latencyMs.p99.toFixed(1)} ms`,
        );
      }
      results[`c${concurrency}`] = cells;
    }

    const rows: BenchRow[] = [];
    for (const concurrency of CONCURRENCIES) {
      const cells = results[`c${concurrency}`];
      const ours = Math.round(cells.ours.perSecond);
      for (const reference of ['raw', 'emmett'] as const) {
        const value = Math.round(cells[reference].perSecond);
        const ratio = ratioOf(ours, value);
        const needed = reference === 'raw' ? (concurrency === 1 ? null : 0.8) : 1.5;
        rows.push({
          measure: `append, new streams, c = ${concurrency}`,
          ours,
          reference: { name: REFERENCE_NAMES[reference], value },
          ratio,
          ...(needed === null
            ? {}
            : { target: { text: `>= ${needed}x ${REFERENCE_NAMES[reference]}`, met: ratio !== null && ratio >= needed } }),
          unit: 'appends/s',
        });
      }
    }
    return {
      rows,
      details: {
        what: 'appendToStream of one ComplaintFiled to a new stream (expected: no stream) per call; raw: one INSERT per transaction into LIKE events INCLUDING ALL; Emmett: appendToStream(STREAM_DOES_NOT_EXIST)',
        poolSize: 'equal to the concurrency, for each system',
        warmUpMs,
        durationMs,
        cells: results,
      },
    };
  },
};

async function runCell(cell: AppendCell): Promise<CellResult> {
  // In the environment, not the arguments: the cell's URL holds the server's password, and a process's arguments are public.
  const worker = spawnNode(WORKER, { APPEND_CELL: JSON.stringify(cell) });
  const status = await worker.closed;
  if (status !== 0) throw new Error(`the ${cell.system} worker (c = ${cell.concurrency}) failed (status ${status}):\n${worker.output()}`);
  const line = worker.stdout().trim().split('\n').pop()!;
  return JSON.parse(line) as CellResult;
}

async function createRawTable(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE TABLE ${RAW_TABLE} (LIKE events INCLUDING ALL)`);
  } finally {
    await client.end();
  }
}
