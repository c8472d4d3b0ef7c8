import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchSignIn, machine, memoryOf, round, startApiProcess, withBenchDatabase, writeResults } from './bench-kit';

/**
 * `npm run bench:limits`: what hostile requests cost the API (README "Limits"; issue 9 part 5). A
 * fresh API process (APP_ROLE=api, rate limits off so every request reaches the checks) gets each
 * hostile request REPEAT times, one after another, then all of them again from CONCURRENCY senders
 * at once. Per request: the answer (status, code, bytes), the time from sending to the whole answer,
 * and the server's CPU time (utime + stime from /proc/<pid>/stat). Per run: the server's resident
 * memory (VmRSS) at an idle baseline after a warm-up, its peak (sampled every 20 ms), and again after
 * 2 s idle. The figures before the limits: 60,000 empty measures cost 8.4 s of CPU, a 53.5 MB
 * error body and 660 MB; a 5,000-deep body was a 500. Writes bench/results/limits.json.
 */
const REPEAT = Number(process.env.BENCH_LIMITS_REPEAT ?? 30);
const CONCURRENCY = 8;
const FLOOD_ROUNDS = 5;
const SAMPLE_MS = 20;
const CASE_ID = randomUUID();
const MEMORY_FILE = path.join(os.tmpdir(), `cases-limits-bench-${process.pid}.json`);

/**
 * The caller of the unit routes. The hostile bodies are refused before any caller is looked at, as
 * are the URLs; only "1,000 empty measures" gets as far as validation, which runs after sign-in.
 */
const UNIT_CALLER = benchSignIn({ role: 'unit', unitId: 'dept-scjgj', subject: 'bench-unit-handler' });

interface Hostile {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

const planRectification = `/api/v1/cases/${CASE_ID}/plan-rectification`;
const MEASURE = {
  description: '编制一次性告知清单并上墙公示',
  responsibleUnitId: 'dept-scjgj',
  responsibleLeader: '王科长',
  dueDate: '2026-12-31',
};

/** Ordinary requests, for the baseline: valid reads and commands (on a case that does not exist: 404 after the whole path). */
const ORDINARY: Hostile[] = [
  { name: 'time limits in force', method: 'GET', path: '/api/v1/admin/time-limits' },
  { name: 'health', method: 'GET', path: '/health' },
  { name: 'a plan of two measures', method: 'POST', path: planRectification, body: JSON.stringify({ measures: [MEASURE, MEASURE] }) },
  {
    name: 'a dispute',
    method: 'POST',
    path: `/api/v1/cases/${CASE_ID}/dispute-dispatch`,
    body: JSON.stringify({ reason: '不属本单位职责' }),
  },
];
const HOSTILE: Hostile[] = [
  {
    name: '60,000 empty measures (180 kB)',
    method: 'POST',
    path: planRectification,
    body: JSON.stringify({ measures: Array.from({ length: 60_000 }, () => ({})) }),
  },
  {
    name: 'JSON nested 5,000 deep (arrays)',
    method: 'POST',
    path: planRectification,
    body: `{"measures":${'['.repeat(5000)}${']'.repeat(5000)}}`,
  },
  {
    name: 'JSON nested 5,000 deep (objects)',
    method: 'POST',
    path: planRectification,
    body: `{"measures":[${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}]}`,
  },
  {
    name: '1,000 empty measures (3 kB)',
    method: 'POST',
    path: planRectification,
    body: JSON.stringify({ measures: Array.from({ length: 1000 }, () => ({})) }),
  },
  {
    name: 'a 250 kB string',
    method: 'POST',
    path: `/api/v1/cases/${CASE_ID}/dispute-dispatch`,
    body: JSON.stringify({ reason: 'x'.repeat(250_000) }),
  },
  { name: 'NUL in a body string', method: 'POST', path: `/api/v1/cases/${CASE_ID}/dispute-dispatch`, body: '{"reason":"a\\u0000b"}' },
  {
    name: 'lone surrogate in a body string',
    method: 'POST',
    path: `/api/v1/cases/${CASE_ID}/dispute-dispatch`,
    body: '{"reason":"a\\ud800b"}',
  },
  { name: 'NUL in the query', method: 'GET', path: '/api/v1/cases?q=a%00b' },
  { name: 'lone surrogate in the query', method: 'GET', path: '/api/v1/cases?q=a%ED%A0%80b' },
  { name: 'NUL in the path', method: 'GET', path: '/api/v1/cases/a%00b' },
  { name: 'lone surrogate in the path', method: 'GET', path: '/api/v1/units/%ED%B0%80' },
];

/** The server's memory after it collected all its garbage (bench/gc-on-signal.ts), in MiB. */
async function memoryAfterGc(pid: number) {
  fs.rmSync(MEMORY_FILE, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 100 && !fs.existsSync(MEMORY_FILE); i++) await pause(50);
  await pause(200);
  const usage = JSON.parse(fs.readFileSync(MEMORY_FILE, 'utf8')) as NodeJS.MemoryUsage;
  const mib = (bytes: number) => round(bytes / 2 ** 20, 1);
  return { rss: mib(usage.rss), heapUsed: mib(usage.heapUsed), external: mib(usage.external), arrayBuffers: mib(usage.arrayBuffers) };
}

/** CPU time the process has used so far, in ms (utime + stime; Linux clock ticks are 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function send(base: string, hostile: Hostile) {
  const headers = { ...(await UNIT_CALLER), ...(hostile.body ? { 'Content-Type': 'application/json' } : {}) };
  const started = process.hrtime.bigint();
  const response = await fetch(base + hostile.path, {
    method: hostile.method,
    headers,
    body: hostile.body,
  });
  const text = await response.text();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const code = (JSON.parse(text) as { code?: string }).code;
  return { status: response.status, code, bytes: Buffer.byteLength(text), ms };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (n: number) => round(n, 1);
const timing = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted[sorted.length - 1]) };
};

/**
 * `requests` from CONCURRENCY senders at once, FLOOD_ROUNDS times with 2 s idle after each: the
 * server's RSS after each round (a leak climbs from round to round instead of settling), the times,
 * and its CPU per request.
 */
async function flood(base: string, pid: number, requests: Hostile[]) {
  const times: number[] = [];
  const rssAfterRound: number[] = [];
  let busyMs = 0;
  const cpuBefore = cpuMsOf(pid);
  for (let round = 0; round < FLOOD_ROUNDS; round++) {
    const started = process.hrtime.bigint();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) times.push((await send(base, requests[next++])).ms);
      }),
    );
    busyMs += Number(process.hrtime.bigint() - started) / 1e6;
    await pause(2000);
    rssAfterRound.push(round1(memoryOf(pid).rss));
  }
  return {
    rounds: FLOOD_ROUNDS,
    requestsPerRound: requests.length,
    concurrency: CONCURRENCY,
    busySeconds: round(busyMs / 1000),
    ms: timing(times),
    serverCpuMsPerRequest: round((cpuMsOf(pid) - cpuBefore) / (requests.length * FLOOD_ROUNDS), 2),
    rssMiBAfterEachRound: rssAfterRound,
  };
}

/** Each hostile request REPEAT times in a row: its answer, times and server CPU. */
async function oneByOne(base: string, pid: number) {
  const requests = [];
  for (const hostile of HOSTILE) {
    const answers = [];
    const cpuBefore = cpuMsOf(pid);
    for (let i = 0; i < REPEAT; i++) answers.push(await send(base, hostile));
    const cpuMs = cpuMsOf(pid) - cpuBefore;
    const answer = answers[0];
    if (answers.some((a) => a.status !== answer.status || a.code !== answer.code)) throw new Error(`${hostile.name}: answers differ`);
    requests.push({
      request: hostile.name,
      requestBytes: hostile.body ? Buffer.byteLength(hostile.body) : 0,
      status: answer.status,
      code: answer.code,
      responseBytes: Math.max(...answers.map((a) => a.bytes)),
      ms: timing(answers.map((a) => a.ms)),
      serverCpuMsPerRequest: round(cpuMs / REPEAT, 1),
    });
  }
  return requests;
}

async function main(): Promise<void> {
  await withBenchDatabase({ folderPrefix: 'cases-limits-bench-', durable: false, connections: 4 }, async ({ url }) => {
    const { child, base } = await startApiProcess(url, {
      RATE_LIMIT: 'off',
      NODE_OPTIONS: `--expose-gc --require ${path.join(__dirname, 'gc-on-signal.js')}`,
      BENCH_MEMORY_FILE: MEMORY_FILE,
    });
    try {
      const pid = child.pid!;
      const volume = (list: Hostile[]) => Array.from({ length: HOSTILE.length * REPEAT }, (_, i) => list[i % list.length]);
      // The baseline is a server that has served as many ordinary requests, as fast: what it keeps
      // for serving at all (JIT code, grown heap spaces, sockets, allocator arenas) is not charged to
      // the hostile ones.
      for (const request of [...HOSTILE, ...ORDINARY]) await send(base, request);
      await pause(2000);
      const idleAfterStart = { rssMiB: round1(memoryOf(pid).rss), afterFullGcMiB: await memoryAfterGc(pid) };
      const ordinaryFlood = await flood(base, pid, volume(ORDINARY));
      await pause(10_000);
      const baseline = { rssMiB: round1(memoryOf(pid).rss), afterFullGcMiB: await memoryAfterGc(pid) };

      let peak = baseline.rssMiB;
      const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(pid).rss)), SAMPLE_MS);
      const requests = await oneByOne(base, pid);
      const afterOneByOne = { rssMiB: round1(memoryOf(pid).rss), afterFullGcMiB: await memoryAfterGc(pid) };
      const hostileFlood = await flood(base, pid, volume(HOSTILE));
      clearInterval(sampler);
      await pause(10_000);
      const afterFlood = { rssMiB: round1(memoryOf(pid).rss), afterFullGcMiB: await memoryAfterGc(pid) };

      const results = {
        measuredAt: new Date().toISOString(),
        machine: { ...machine(), loadAverage1m: round(os.loadavg()[0], 1) },
        method:
          `API in its own process (APP_ROLE=api, RATE_LIMIT=off) on an embedded PostgreSQL. idleAfterStart: after one request ` +
          `of each kind and 2 s idle. Baseline: after a flood of as ` +
          `many ordinary requests (${CONCURRENCY} senders, ${FLOOD_ROUNDS} rounds) and 10 s idle. Then each hostile request ` +
          `${REPEAT} times in a row (ms: sending the body to reading the whole answer, from the bench process on the same ` +
          `machine, see loadAverage1m; server CPU from /proc/<pid>/stat), then all of them again from ${CONCURRENCY} senders, ` +
          `${FLOOD_ROUNDS} rounds with 2 s idle after each, then 10 s idle. VmRSS peak sampled every ${SAMPLE_MS} ms; ` +
          `afterFullGcMiB: process.memoryUsage() after a full GC (the server preloads bench/gc-on-signal.ts).`,
        requests,
        ordinaryFlood,
        hostileFlood,
        memory: { idleAfterStart, baseline, peakRssMiB: round1(peak), afterOneByOne, afterFlood },
      };
      console.table(
        requests.map((r) => ({
          request: r.request,
          status: r.status,
          code: r.code,
          'response B': r.responseBytes,
          'p50 ms': r.ms.p50,
          'max ms': r.ms.max,
          'CPU ms': r.serverCpuMsPerRequest,
        })),
      );
      const gc = (m: typeof baseline) => `RSS ${m.rssMiB} (${m.afterFullGcMiB.rss} after GC, heap used ${m.afterFullGcMiB.heapUsed})`;
      console.log(
        `RSS MiB after each round of ordinary requests ${ordinaryFlood.rssMiBAfterEachRound.join(', ')}; of hostile ones ` +
          `${hostileFlood.rssMiBAfterEachRound.join(', ')}; peak ${results.memory.peakRssMiB}\n` +
          `idle after start ${gc(idleAfterStart)}\nbaseline (after as many ordinary requests) ${gc(baseline)}\nafter one by one ${gc(afterOneByOne)}\nafter the flood and 10 s idle ${gc(afterFlood)}`,
      );
      writeResults('limits', results);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
