import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { EmbeddedPostgres, freePort, runMigrations } from '@app/platform';
import { MIGRATION_FOLDERS } from '../apps/server/src';

/** What the benches share: their database, the machine they report, and where they write results. */

export interface BenchDatabase {
  url: string;
  pool: Pool;
  store: PostgresEventStore;
}

/**
 * Runs `bench` on an embedded PostgreSQL of its own, in a new folder under the system's temp folder
 * (named from `folderPrefix`), migrated as the server migrates its database, with a pool of
 * `connections` and a PostgresEventStore over it; stops and removes it all afterwards. `durable:
 * false` turns fsync off, for building a big log quickly.
 */
export async function withBenchDatabase<T>(
  options: { folderPrefix: string; durable: boolean; connections: number },
  bench: (db: BenchDatabase) => Promise<T>,
): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), options.folderPrefix));
  const server = await EmbeddedPostgres.start({ dataDir: path.join(dataDir, 'pg'), port: await freePort(), durable: options.durable });
  const url = server.url('postgres');
  const pool = new Pool({ connectionString: url, max: options.connections });
  // Connections the server ends as it stops are expected then, not a failure of the bench.
  pool.on('error', () => undefined);
  const store = new PostgresEventStore(pool, url);
  try {
    await runMigrations(url, MIGRATION_FOLDERS, { info: () => undefined });
    return await bench({ url, pool, store });
  } finally {
    await store.close();
    await pool.end();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The machine the numbers were measured on, for the results file. */
export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
  };
}

/** Writes `results` to bench/results/<name>.json (from dist/bench, where the built bench runs). */
export function writeResults(name: string, results: object): void {
  const out = path.resolve(__dirname, '../../bench/results', `${name}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  console.log(`written ${path.relative(process.cwd(), out)}`);
}
