import type { ChildProcess } from 'node:child_process';
import { Pool } from 'pg';
import { freePort } from '@app/platform';
import type { Role } from '../../apps/server/src';
import { benchSignIn, round, startApiProcess } from '../bench-kit';
import { spawnNode, waitForHttp, type BenchProcess } from '../bench-processes';
import { ratioOf } from '../bench-report';
import { ReferenceFailed, type BenchContext, type BenchRow, type BenchSection } from '../bench-section';
import { DEMO_YEAR } from './demo-history';
import { loadRoute, type RouteLoad } from './load-test';
import { loglogSlope, sizeName, thousands } from './scale-figures';
import { scaleLogs, scaleSizes } from './scale-logs';

const CONNECTIONS = 16;
const TARGET_P99_MS = 20;
/** Sequential appraisal requests timed per size (after one to warm up); the median counts. */
const APPRAISAL_SAMPLES = 3;
const CRUD_MAIN = 'dist/bench/crud-reference/main.js';
const CRUD_NAME = 'NestJS + pg CRUD GET';
/**
 * What a leader opens from a figure of the summary (GET /dashboard/cases): the first page of the
 * year's received cases (a figure nearly every row counts), and of those overdue now (a few in a
 * hundred: the list reads only rows that move its counters, figure-rows.ts).
 */
const drillDownPath = (figure: string) => `/api/v1/dashboard/cases?figure=${figure}&from=${DEMO_YEAR}-01-01&to=${DEMO_YEAR}-12-31`;

/** The reference's route: the first page of 50 of its complaints, as ours is asked for the case list's. */
const CRUD_PATH = '/api/v1/cases?limit=50';
// Seeding tens of thousands of rows on a machine shared with CPU hogs can take a while.
const CRUD_START_TIMEOUT_MS = 300_000;

interface Route {
  name: string;
  path: string;
  role: Role;
}

/** A route's load, the reference's load just before it, and each one's answer size. */
type RouteMeasure = Route & RouteLoad & { reference: RouteLoad; bytes: number; referenceBytes: number };

/**
 * Section `queries`: the read routes a supervision centre and its leaders use all day, on the
 * largest generated log once every read model is rebuilt from it, against the built API in a
 * process of its own (APP_ROLE=api), 16 connections each (autocannon). Reference: the plain NestJS +
 * class-validator + pg CRUD service of the post-cases section (bench/crud-reference/) answering
 * GET a page of 50 of its own complaints (validated limit and keyset cursor, one indexed SELECT),
 * its table filled with as many rows as the case list holds; loaded for as long right before each
 * of our routes (each load after a second of warm-up), so each ratio compares neighbouring moments
 * of a shared machine. With 16 requests always in flight on two cores, p99 cannot be much below
 * 16 / throughput: the reference shows what any NestJS route reaches here. Any non-2xx answer is
 * reported, as the figures then do not count (nor do they when no request completed in the time).
 * Then the appraisal for the year, timed alone on each size whose read models the run has built,
 * and the exponent of its time against the log's size. `BENCH_FAIL_REFERENCE=crud` starts the
 * reference on an unreachable database.
 */
export const queriesSection: BenchSection = {
  name: 'queries',
  async run(ctx) {
    const started = Date.now();
    const logs = scaleLogs(ctx);
    const sizes = scaleSizes(ctx);
    const largest = sizes[sizes.length - 1];
    await logs.rebuilt(largest);
    const { url, generated } = await logs.log(largest);
    const seconds = ctx.quick ? 3 : 10;

    const caseListRows = await rowsOf(url, 'case_list');
    ctx.log(`reference: ${CRUD_NAME} on ${thousands(caseListRows)} complaints (as many as the case list holds)`);
    const crud = await startCrudReference(ctx, caseListRows);
    // Rate limits off, as in post-cases: at 16 connections the routes now pass the per-caller limit
    // (12,000 a minute) within one section, and a 429 would measure the limiter, not the route.
    const api = await startApiProcess(url, { RATE_LIMIT: 'off' }, 'queries-routes');
    const perRoute: RouteMeasure[] = [];
    try {
      const unitId = await busiestAppraisedUnit(url, api.base);
      const routes: Route[] = [
        { name: 'case list page', path: '/api/v1/cases?limit=50', role: 'intake' },
        { name: 'overdue list', path: '/api/v1/overdue', role: 'intake' },
        {
          name: `dashboard summary, ${DEMO_YEAR}`,
          path: `/api/v1/dashboard/summary?from=${DEMO_YEAR}-01-01&to=${DEMO_YEAR}-12-31`,
          role: 'dashboard',
        },
        { name: `appraisal ${DEMO_YEAR}, all units`, path: `/api/v1/appraisals/${DEMO_YEAR}`, role: 'dashboard' },
        { name: `one unit's appraisal breakdown`, path: `/api/v1/appraisals/${DEMO_YEAR}/units/${unitId}`, role: 'dashboard' },
        { name: `cases a figure counts: received ${DEMO_YEAR}, first page`, path: drillDownPath('received'), role: 'dashboard' },
        { name: `cases a figure counts: overdue now, ${DEMO_YEAR}, first page`, path: drillDownPath('overdueNow'), role: 'dashboard' },
      ];
      const referenceBytes = await answerBytes(crud.base + CRUD_PATH, {});
      for (const route of routes) {
        const headers = await benchSignIn({ role: route.role });
        const bytes = await answerBytes(api.base + route.path, headers);
        ctx.log(`GET ${CRUD_PATH} (reference), then GET ${route.path}: ${CONNECTIONS} connections, ${seconds} s each`);
        const reference = await warmThenLoad(crud.base + CRUD_PATH, {}, seconds);
        if (failures(reference) > 0 || reference.requests === 0) {
          throw new ReferenceFailed(CRUD_NAME, new Error(`${failures(reference)} failures of ${reference.requests} requests`));
        }
        const ours = await warmThenLoad(api.base + route.path, headers, seconds);
        ctx.log(
          `  reference p99 ${reference.p99Ms} ms, ${Math.round(reference.requestsPerSecond)} req/s; ours p99 ${ours.p99Ms} ms, ${Math.round(ours.requestsPerSecond)} req/s`,
        );
        perRoute.push({ ...route, ...ours, reference, bytes, referenceBytes });
      }
    } finally {
      await stop(api.child);
      await crud.stop();
    }

    const appraisal = await appraisalAcrossSizes(ctx, logs.rebuiltSizes());
    const exponent = loglogSlope(appraisal.map((a) => ({ size: a.events, value: a.medianMs })));
    const at = `${sizeName(largest)}-event log`;
    const rows: BenchRow[] = perRoute.flatMap((r): BenchRow[] => [
      {
        measure: `${r.name}, ${at}, c = ${CONNECTIONS}: p99`,
        ours: r.p99Ms,
        reference: { name: CRUD_NAME, value: r.reference.p99Ms },
        ratio: ratioOf(r.p99Ms, r.reference.p99Ms, { lowerIsBetter: true }),
        target: { text: `<= ${TARGET_P99_MS} ms`, met: r.requests > 0 && r.p99Ms <= TARGET_P99_MS && failures(r) === 0 },
        unit: 'ms',
      },
      {
        measure: `${r.name}, ${at}, c = ${CONNECTIONS}: p50`,
        ours: r.p50Ms,
        reference: { name: CRUD_NAME, value: r.reference.p50Ms },
        ratio: ratioOf(r.p50Ms, r.reference.p50Ms, { lowerIsBetter: true }),
        unit: 'ms',
      },
      {
        measure: `${r.name}, ${at}, c = ${CONNECTIONS}: throughput`,
        ours: round(r.requestsPerSecond, 1),
        reference: { name: CRUD_NAME, value: round(r.reference.requestsPerSecond, 1) },
        ratio: ratioOf(r.requestsPerSecond, r.reference.requestsPerSecond),
        unit: 'req/s',
      },
      {
        measure: `${r.name}, ${at}: non-2xx, errors and timeouts`,
        ours: failures(r),
        reference: null,
        ratio: null,
        target: { text: '= 0', met: failures(r) === 0 },
        unit: 'responses',
      },
    ]);
    for (const a of appraisal) {
      rows.push({
        measure: `appraisal ${DEMO_YEAR} alone, ${sizeName(a.size)} events (median)`,
        ours: a.medianMs,
        reference: null,
        ratio: null,
        unit: 'ms',
      });
    }
    if (exponent !== null) {
      rows.push({
        measure: 'appraisal time exponent (log-log slope; 1 = linear)',
        ours: round(exponent),
        reference: null,
        ratio: null,
        unit: '',
      });
    }
    return {
      rows,
      details: {
        log: { events: generated.events, streams: generated.streams, copies: generated.copies },
        connections: CONNECTIONS,
        secondsPerRoute: seconds,
        reference: { name: CRUD_NAME, path: CRUD_PATH, rows: caseListRows },
        routes: perRoute,
        appraisalAcrossSizes: appraisal,
        appraisalExponent: exponent === null ? null : round(exponent, 3),
        sectionSeconds: round((Date.now() - started) / 1000, 1),
      },
    };
  },
};

const failures = (r: RouteLoad) => r.non2xx + r.errors + r.timeouts;

/**
 * A second of load, then the measured one: each side has just idled while the other was loaded,
 * long enough for its pool to close idle connections (pg's 10 s), which it reopens here, not in the figure.
 */
async function warmThenLoad(url: string, headers: Record<string, string>, seconds: number): Promise<RouteLoad> {
  await loadRoute(url, headers, CONNECTIONS, 1);
  return loadRoute(url, headers, CONNECTIONS, seconds);
}

/** Rows of a read model's view (or any table) on the database of `url`. */
async function rowsOf(url: string, table: string): Promise<number> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    return rows[0].n;
  } finally {
    await pool.end();
  }
}

/** The CRUD reference on a database of its own, its table filled with `rows` complaints; ReferenceFailed if it cannot start. */
async function startCrudReference(ctx: BenchContext, rows: number): Promise<{ base: string; stop(): Promise<void> }> {
  let reference: BenchProcess | undefined;
  try {
    const { url } = await ctx.createDatabase('queries_crud', { migrated: false });
    const databaseUrl = process.env.BENCH_FAIL_REFERENCE === 'crud' ? 'postgres://nobody:none@127.0.0.1:1/none' : url;
    const port = await freePort();
    reference = spawnNode(CRUD_MAIN, { DATABASE_URL: databaseUrl, PORT: String(port), CRUD_SEED_ROWS: String(rows) });
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/health`, reference, CRUD_START_TIMEOUT_MS);
    const started = reference;
    return { base, stop: () => started.stop() };
  } catch (error) {
    await reference?.stop();
    throw new ReferenceFailed(CRUD_NAME, error);
  }
}

/** One GET before the load: its size, and a refusal told with its answer, which autocannon does not keep. */
async function answerBytes(url: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, { headers });
  const body = await response.arrayBuffer();
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${Buffer.from(body).toString('utf8').slice(0, 500)}`);
  return body.byteLength;
}

/** The unit with the most complaints among those the year's appraisal lists: the largest breakdown. */
async function busiestAppraisedUnit(url: string, base: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/appraisals/${DEMO_YEAR}`, { headers: await benchSignIn({ role: 'dashboard' }) });
  if (!response.ok) throw new Error(`GET /api/v1/appraisals/${DEMO_YEAR} answered ${response.status}: ${await response.text()}`);
  const appraised = new Set(((await response.json()) as { units: Array<{ unitId: string }> }).units.map((u) => u.unitId));
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    const { rows } = await pool.query<{ unit: string }>(
      `SELECT data->>'complainedUnitId' AS unit FROM events WHERE type = 'ComplaintFiled' GROUP BY 1 ORDER BY count(*) DESC`,
    );
    const unit = rows.find((r) => appraised.has(r.unit))?.unit ?? [...appraised][0];
    if (!unit) throw new Error(`the appraisal of ${DEMO_YEAR} lists no unit`);
    return unit;
  } finally {
    await pool.end();
  }
}

/** GET /appraisals/<year> one request at a time on each size's log: the median of a few, after a first. */
async function appraisalAcrossSizes(ctx: BenchContext, sizes: number[]) {
  const logs = scaleLogs(ctx);
  const headers = await benchSignIn({ role: 'dashboard' });
  const results = [];
  for (const size of sizes) {
    const { url, generated } = await logs.log(size);
    const api = await startApiProcess(url, {}, 'queries-appraisal');
    try {
      const { medianMs, samplesMs } = await timedAlone(`${api.base}/api/v1/appraisals/${DEMO_YEAR}`, headers, APPRAISAL_SAMPLES);
      ctx.log(`appraisal ${DEMO_YEAR} on ${thousands(generated.events)} events: ${medianMs} ms`);
      results.push({ size, events: generated.events, medianMs, samplesMs });
    } finally {
      await stop(api.child);
    }
  }
  return results;
}

/**
 * `url` asked `samples` times one after the other after one request not counted (the first builds
 * what the route memoises): the median and every sample, in ms. Throws on a non-2xx answer.
 */
async function timedAlone(
  url: string,
  headers: Record<string, string>,
  samples: number,
): Promise<{ medianMs: number; samplesMs: number[] }> {
  const times: number[] = [];
  for (let i = 0; i <= samples; i++) {
    const t = process.hrtime.bigint();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
    if (i > 0) times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { medianMs: round(times[Math.floor(times.length / 2)], 1), samplesMs: times.map((t) => round(t, 1)) };
}

/** Stops an API process and waits for it to be gone. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
