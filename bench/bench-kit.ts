import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { EmbeddedPostgres, freePort, runMigrations } from '@app/platform';
import { DevTokenIssuer, MIGRATION_FOLDERS, type DevTokenRequest } from '../apps/server/src';
import { cpuProfileFlags } from './bench-processes';

/**
 * The benches' development signing key, in a folder of their own: the API processes they start
 * trust it (DEV_TOKEN_KEY_FILE, set by startApiProcess), and their requests are signed with it.
 */
const BENCH_KEY_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-key-')), 'dev-token-key.json');
process.on('exit', () => fs.rmSync(path.dirname(BENCH_KEY_FILE), { recursive: true, force: true }));

/** An Authorization header for a bench caller, valid for a day. */
export async function benchSignIn(request: DevTokenRequest): Promise<{ Authorization: string }> {
  const token = await DevTokenIssuer.loadOrCreate(BENCH_KEY_FILE).issue({ ttlSeconds: 24 * 3600, ...request });
  return { Authorization: `Bearer ${token}` };
}

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

/** Resident memory of a process, in MiB, from /proc (Linux): now (VmRSS) and its peak so far (VmHWM). */
export function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
  return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
}

const API_MAIN = path.join(__dirname, '../apps/server/src/main.js');

/**
 * The built API (`npm run build` first) in a process of its own on `databaseUrl`, with APP_ROLE=api
 * and no unit seeding unless `env` says otherwise; resolves once /health answers.
 */
export async function startApiProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
  /** With BENCH_CPU_PROFILE, the name of the CPU profile this API process writes (bench-processes.ts). */
  profileName = 'api',
): Promise<{ child: ChildProcess; base: string }> {
  if (!fs.existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run "npm run build" first`);
  const port = await freePort();
  const child = spawn(process.execPath, [...cpuProfileFlags(profileName), API_MAIN], {
    cwd: path.resolve(__dirname, '../..'),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      APP_ROLE: 'api',
      PORT: String(port),
      UNITS_SEED_FILE: 'none',
      LOG_LEVEL: 'warn',
      MANAGEMENT_PORT: 'none',
      DEV_TOKEN_KEY_FILE: BENCH_KEY_FILE,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error('the API exited during start');
    if (
      await fetch(`${base}/health`).then(
        (r) => r.status,
        () => 0,
      )
    )
      return { child, base };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the API did not start');
}
