import type { ChildProcess } from 'node:child_process';
import { Pool } from 'pg';
import type { Role } from '../../apps/server/src';
import { benchSignIn, round, startApiProcess } from '../bench-kit';
import type { BenchContext, BenchRow, BenchSection } from '../bench-section';
import { DEMO_YEAR } from './demo-history';
import { loadRoute, type RouteLoad } from './load-test';
import { loglogSlope, sizeName, thousands } from './scale-figures';
import { scaleLogs, scaleSizes } from './scale-logs';

const CONNECTIONS = 16;
const TARGET_P99_MS = 20;
/** Sequential appraisal requests timed per size (after one to warm up); the median counts. */
const APPRAISAL_SAMPLES = 3;

interface Route {
  name: string;
  path: string;
  role: Role;
}

/**
 * Section `queries`: the read routes a supervision centre and its leaders use all day, on the
 * largest generated log once every read model is rebuilt from it, against the built API in a
 * process of its own (APP_ROLE=api), 16 connections each (autocannon). No reference: p50/p99 and
 * req/s are context beside the target (p99 <= 20 ms); any non-2xx answer is reported, as
 * the figures then do not count (nor do they when no request completed in the time). Then the
 * appraisal for the year, timed alone on each size whose read models the run has built, and the
 * exponent of its time against the log's size.
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

    const api = await startApiProcess(url, {}, 'queries-routes');
    const perRoute: Array<Route & RouteLoad> = [];
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
      ];
      for (const route of routes) {
        ctx.log(`GET ${route.path}: ${CONNECTIONS} connections, ${seconds} s`);
        perRoute.push({
          ...route,
          ...(await loadRoute(api.base + route.path, await benchSignIn({ role: route.role }), CONNECTIONS, seconds)),
        });
      }
    } finally {
      await stop(api.child);
    }

    const appraisal = await appraisalAcrossSizes(ctx, logs.rebuiltSizes());
    const exponent = loglogSlope(appraisal.map((a) => ({ size: a.events, value: a.medianMs })));
    const at = `${sizeName(largest)}-event log`;
    const rows: BenchRow[] = perRoute.flatMap((r): BenchRow[] => [
      {
        measure: `${r.name}, ${at}, c = ${CONNECTIONS}: p99`,
        ours: r.p99Ms,
        reference: null,
        ratio: null,
        target: { text: `<= ${TARGET_P99_MS} ms`, met: r.requests > 0 && r.p99Ms <= TARGET_P99_MS && failures(r) === 0 },
        unit: 'ms',
      },
      { measure: `${r.name}, ${at}, c = ${CONNECTIONS}: p50`, ours: r.p50Ms, reference: null, ratio: null, unit: 'ms' },
      {
        measure: `${r.name}, ${at}, c = ${CONNECTIONS}: throughput`,
        ours: round(r.requestsPerSecond, 1),
        reference: null,
        ratio: null,
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
        routes: perRoute,
        appraisalAcrossSizes: appraisal,
        appraisalExponent: exponent === null ? null : round(exponent, 3),
        sectionSeconds: round((Date.now() - started) / 1000, 1),
      },
    };
  },
};

const failures = (r: RouteLoad) => r.non2xx + r.errors + r.timeouts;

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
      const times: number[] = [];
      for (let i = 0; i <= APPRAISAL_SAMPLES; i++) {
        const t = process.hrtime.bigint();
        const response = await fetch(`${api.base}/api/v1/appraisals/${DEMO_YEAR}`, { headers });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`GET /api/v1/appraisals/${DEMO_YEAR} on ${thousands(size)} events answered ${response.status}`);
        if (i > 0) times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      times.sort((a, b) => a - b);
      const medianMs = round(times[Math.floor(times.length / 2)], 1);
      ctx.log(`appraisal ${DEMO_YEAR} on ${thousands(generated.events)} events: ${medianMs} ms`);
      results.push({ size, events: generated.events, medianMs, samplesMs: times.map((t) => round(t, 1)) });
    } finally {
      await stop(api.child);
    }
  }
  return results;
}

/** Stops an API process and waits for it to be gone. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
