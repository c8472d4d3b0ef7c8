import autocannon from 'autocannon';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from '@app/platform';
import { DevTokenIssuer } from '../../../apps/server/src';
import { round } from '../../bench-kit';
import { cpuProfileFlags, spawnNode, waitForHttp, type BenchProcess } from '../../bench-processes';
import { ratioOf } from '../../bench-report';
import { ReferenceFailed, type BenchContext, type BenchRow, type BenchSection } from '../../bench-section';
import { FILING } from '../complaint';
import { backendsOf, cpuMsPerRequest, cpuNow, postmasterOf, type CpuParties } from './cpu-meter';
import { ProjectionLagSampler, type LagSummary } from './projection-lag-sampler';

/**
 * `POST /api/v1/cases` (a filing with a named complainant, FILING) under autocannon at 32
 * connections for a fixed time, against the built server in processes of its own on this run's
 * PostgreSQL:
 *   api   APP_ROLE=api, with the projector in a second process (APP_ROLE=projector), same database
 *   all   one process doing both (APP_ROLE=all, as `npm start` without the demo)
 * and the reference: a plain NestJS + class-validator + pg CRUD service (bench/crud-reference/)
 * taking the same body with one INSERT, started the same way. Each on a fresh database, after a
 * warm-up. While the load runs, the projection lag is sampled every 100 ms (see
 * projection-lag-sampler.ts for how). Any answer but a 2xx fails the section.
 *
 * The route takes no Idempotency-Key unless the client wants a retry to be safe, so the requests
 * carry none (each is a new filing). Rate limits are off (RATE_LIMIT=off): they would refuse the
 * load, which is the point of them, not of this measure. `BENCH_FAIL_REFERENCE=crud` starts the
 * reference on an unreachable database, to see the run fail as it must. `BENCH_POST_CONNECTIONS=n`
 * loads both with n connections instead of 32 (the rows name it): what a filing costs each process
 * when requests do not queue (1) against when they do (32).
 */
const CONNECTIONS = connectionsOf(process.env.BENCH_POST_CONNECTIONS);
const LAG_SAMPLE_MS = 100;
// Seconds on an idle machine; minutes on one shared with CPU hogs, where a slow start is not a failed one.
const START_TIMEOUT_MS = 300_000;
const API_MAIN = 'dist/apps/server/src/main.js';
const CRUD_MAIN = 'dist/bench/crud-reference/main.js';
const CRUD_NAME = 'NestJS + pg CRUD';

type Mode = 'crud' | 'api' | 'all';

interface Load {
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  requests: number;
  answered2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

interface ModeResult {
  load: Load;
  lag?: LagSummary & { catchUpSecondsAfterLoad: number };
  /** CPU milliseconds per answered request, per process (server, projector, postgres, the bench running autocannon). */
  cpuMsPerRequest: CpuParties;
  /** Transactions committed on the database per answered request (pg_stat_database, approximate: flushed each second). */
  transactionsPerRequest: number;
}

export const postCasesSection: BenchSection = {
  name: 'post-cases',
  async run(ctx: BenchContext) {
    const durationSeconds = ctx.quick ? 5 : 20;
    const warmUpSeconds = ctx.quick ? 1 : 3;
    const keys = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-bench-keys-'));
    try {
      const secrets = writeSecrets(keys);
      const authorization = `Bearer ${await DevTokenIssuer.loadOrCreate(secrets.DEV_TOKEN_KEY_FILE).issue({
        role: 'intake',
        subject: 'bench-intake',
        ttlSeconds: 24 * 3600,
      })}`;
      const results = {} as Record<Mode, ModeResult>;
      for (const mode of ['crud', 'api', 'all'] as const) {
        ctx.log(`post-cases ${mode}: starting`);
        try {
          results[mode] = await measureMode(ctx, mode, { secrets, authorization, durationSeconds, warmUpSeconds });
        } catch (error) {
          throw mode === 'crud' ? new ReferenceFailed(CRUD_NAME, error) : error;
        }
        const { load, lag } = results[mode];
        ctx.log(
          `post-cases ${mode}: ${Math.round(load.requestsPerSecond)} req/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms` +
            (lag ? `, lag p99 ${lag.p99} s, max ${lag.max} s` : ''),
        );
      }
      return { rows: rowsOf(results), details: { connections: CONNECTIONS, durationSeconds, warmUpSeconds, body: FILING, modes: results } };
    } finally {
      fs.rmSync(keys, { recursive: true, force: true });
    }
  },
};

interface Setup {
  secrets: Record<string, string>;
  authorization: string;
  durationSeconds: number;
  warmUpSeconds: number;
}

async function measureMode(ctx: BenchContext, mode: Mode, setup: Setup): Promise<ModeResult> {
  const { url } = await ctx.createDatabase(`post_cases_${mode}`, { migrated: mode !== 'crud' });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const processes: BenchProcess[] = [];
  const names: string[] = [];
  let sampler: ProjectionLagSampler | undefined;
  try {
    if (mode === 'crud') {
      const databaseUrl = process.env.BENCH_FAIL_REFERENCE === 'crud' ? 'postgres://nobody:none@127.0.0.1:1/none' : url;
      processes.push(spawnNode(CRUD_MAIN, { DATABASE_URL: databaseUrl, PORT: String(port) }));
      names.push('server');
    } else {
      const env = { ...setup.secrets, DATABASE_URL: url, LOG_LEVEL: 'warn', RATE_LIMIT: 'off', MANAGEMENT_PORT: 'none' };
      // The projector first: it follows the units the API registers as it starts.
      if (mode === 'api') {
        processes.push(spawnNode(API_MAIN, { ...env, APP_ROLE: 'projector' }));
        names.push('projector');
      }
      processes.push(spawnNode(API_MAIN, { ...env, APP_ROLE: mode, PORT: String(port), HOST: '127.0.0.1' }, [], cpuProfileFlags(mode)));
      names.push('server');
    }
    await waitForHttp(`${base}/health`, processes.at(-1)!, START_TIMEOUT_MS);
    if (mode !== 'crud') {
      sampler = await ProjectionLagSampler.open(url);
      // Ready when the projector runs and has caught up with the registered units.
      await sampler.waitUntilCaughtUp(START_TIMEOUT_MS);
    }
    const request = {
      url: `${base}/api/v1/cases`,
      method: 'POST',
      connections: CONNECTIONS,
      timeout: 10,
      headers: { 'content-type': 'application/json', authorization: setup.authorization },
      body: JSON.stringify(FILING),
    };
    await assertFiles(mode, request);
    assertAll2xx(mode, 'warm-up', loadOf(await autocannon({ ...request, duration: setup.warmUpSeconds })));
    if (sampler) await sampler.waitUntilCaughtUp(START_TIMEOUT_MS);
    const postmaster = await postmasterOf(url);
    const servers = Object.fromEntries(processes.map((p, i) => [names[i], p.child.pid!]));
    const pids = { ...servers, bench: process.pid };
    // After the warm-up, when each process's pool is open: which backends serve the projector.
    const backends = mode === 'crud' ? {} : await backendsOf(url, servers);
    const [cpuBefore, commitsBefore] = [cpuNow(pids, postmaster, backends), await commits(url)];
    sampler?.start(LAG_SAMPLE_MS);
    const load = loadOf(await autocannon({ ...request, duration: setup.durationSeconds }));
    const lagSummary = await sampler?.stop();
    const [cpuAfter, commitsAfter] = [cpuNow(pids, postmaster, backends), await commits(url)];
    const lag = lagSummary && { ...lagSummary, catchUpSecondsAfterLoad: await sampler!.waitUntilCaughtUp(START_TIMEOUT_MS) };
    for (const p of processes) if (p.child.exitCode !== null) throw new Error(`a ${mode} process exited under load:\n${p.output()}`);
    assertAll2xx(mode, 'load', load);
    return {
      load,
      ...(lag ? { lag } : {}),
      cpuMsPerRequest: cpuMsPerRequest(cpuBefore, cpuAfter, load.answered2xx),
      // Less the sampler's own (one per sample); the statistics reach pg_stat_database within a second.
      transactionsPerRequest: Math.round(((commitsAfter - commitsBefore - (lag?.samples ?? 0)) / load.answered2xx) * 100) / 100,
    };
  } finally {
    await sampler?.close();
    // The API before the projector: as a deployment would stop them.
    for (const p of [...processes].reverse()) await p.stop();
  }
}

/** Transactions committed so far on the database of `url`. */
async function commits(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()');
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

function loadOf(result: autocannon.Result): Load {
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]));
  return {
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    requests: result.requests.total,
    answered2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

/** One filing before the load: a refusal is told with its answer, which autocannon does not keep. */
async function assertFiles(mode: Mode, request: { url: string; headers: Record<string, string>; body: string }): Promise<void> {
  const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
  if (response.status !== 201) throw new Error(`${mode}: POST /api/v1/cases answered ${response.status}: ${await response.text()}`);
}

/** Every answer a 2xx, and some answers at all: a load that got none measured nothing. */
function assertAll2xx(mode: Mode, phase: string, load: Load): void {
  if (load.non2xx + load.errors + load.timeouts === 0 && load.answered2xx > 0) return;
  throw new Error(
    `${mode} (${phase}): ${load.answered2xx} 2xx, ${load.non2xx} non-2xx answers, ${load.errors} errors, ${load.timeouts} timeouts ` +
      `of ${load.requests} requests (status codes ${JSON.stringify(load.statusCodes)})`,
  );
}

function rowsOf(results: Record<Mode, ModeResult>): BenchRow[] {
  const crud = results.crud.load;
  const rows: BenchRow[] = [];
  for (const [mode, label, needed] of [
    ['api', 'APP_ROLE=api + projector process', 0.8],
    ['all', 'all-in-one', 0.5],
  ] as const) {
    const { load, lag } = results[mode];
    const throughput = Math.round(load.requestsPerSecond);
    const ratio = ratioOf(throughput, Math.round(crud.requestsPerSecond));
    rows.push({
      measure: `POST /cases, ${label}, ${CONNECTIONS} connections`,
      ours: throughput,
      reference: { name: CRUD_NAME, value: Math.round(crud.requestsPerSecond) },
      ratio,
      target: { text: `>= ${needed}x ${CRUD_NAME}`, met: ratio !== null && ratio >= needed },
      unit: 'req/s',
    });
    for (const p of ['p50', 'p99'] as const) {
      rows.push({
        measure: `POST /cases ${p} latency, ${label}`,
        ours: load.latencyMs[p],
        reference: { name: CRUD_NAME, value: crud.latencyMs[p] },
        ratio: ratioOf(load.latencyMs[p], crud.latencyMs[p], { lowerIsBetter: true }),
        ...(p === 'p99' ? { target: { text: '<= 50 ms', met: load.latencyMs.p99 <= 50 } } : {}),
        unit: 'ms',
      });
    }
    if (mode === 'api') rows.push(filingCeiling(results.api, results.crud));
    for (const p of ['p50', 'p99', 'max'] as const) {
      rows.push({
        measure: `projection lag ${p} under that load, ${label}`,
        ours: lag![p],
        reference: null,
        ratio: null,
        ...(p === 'p99' ? { target: { text: '<= 0.5 s', met: lag!.p99 <= 0.5 } } : {}),
        unit: 's',
      });
    }
  }
  return rows;
}

/**
 * The most filings two cores could take, measured in this run: were a filing to cost the machine
 * no more than the CRUD reference's request did (its service, its backend and the load generator,
 * CPU per request) plus what keeping the read models current costs it (the projector, in its own
 * process, and the PostgreSQL backends serving it, CPU per filing), with both cores busy all the
 * time, which not even the CRUD reference achieves. The API's own work (the token, the sealing, the
 * append) would only lower it. A ratio below a target's means that target cannot be met on this
 * machine with these read models kept current on it, whatever the API does.
 */
function filingCeiling(api: ModeResult, crud: ModeResult): BenchRow {
  const upkeepMs = api.cpuMsPerRequest.projector + api.cpuMsPerRequest['postgres for projector'];
  const crudMs = Object.values(crud.cpuMsPerRequest).reduce((sum, ms) => sum + ms, 0);
  const ceiling = upkeepMs + crudMs > 0 ? Math.round(2000 / (upkeepMs + crudMs)) : 0;
  const crudRequestsPerSecond = Math.round(crud.load.requestsPerSecond);
  return {
    measure:
      `POST /cases, APP_ROLE=api: the most filings two busy cores could take at the CRUD request's CPU (${round(crudMs)} ms) ` +
      `plus the read models' upkeep (projector + its PostgreSQL, ${round(upkeepMs)} ms)`,
    ours: ceiling,
    reference: { name: CRUD_NAME, value: crudRequestsPerSecond },
    ratio: ratioOf(ceiling, crudRequestsPerSecond),
    unit: 'req/s',
  };
}

/** The keys the server would otherwise create under .data/, in the section's own folder (removed afterwards). */
function writeSecrets(folder: string): Record<string, string> {
  const auditKey = path.join(folder, 'audit-signing-key.pem');
  const { privateKey } = generateKeyPairSync('ed25519');
  fs.writeFileSync(auditKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return {
    DEV_TOKEN_KEY_FILE: path.join(folder, 'dev-token-key.json'),
    COMPLAINANT_MASTER_KEY_FILE: path.join(folder, 'complainant-master-keys.json'),
    AUDIT_SIGNING_KEY_FILE: auditKey,
    UNITS_SEED_FILE: 'config/units.seed.json',
  };
}

/** BENCH_POST_CONNECTIONS: a whole number from 1 to 256; unset, 32. */
function connectionsOf(value: string | undefined): number {
  if (value === undefined || value === '') return 32;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new Error(`BENCH_POST_CONNECTIONS must be a whole number from 1 to 256, got "${value}"`);
  return n;
}
