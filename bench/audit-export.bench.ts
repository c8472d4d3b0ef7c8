import { randomUUID } from 'node:crypto';
import type { NewEvent, PostgresEventStore } from '@app/event-store';
import { rebuildProjection } from '@app/projections';
import { auditProjection } from '@app/projections/audit/audit.projection';
import { benchSignIn, machine, memoryOf, round, startApiProcess, withBenchDatabase, writeResults } from './bench-kit';

/**
 * `npm run bench:audit`: does the audit export stream with flat memory? For each log size, a
 * realistic log of case events is appended through the PostgresEventStore, the audit projection is
 * built, and a fresh API process (APP_ROLE=api, so only the HTTP side runs in it) streams the whole
 * log as CSV and as NDJSON over HTTP while its resident memory (VmRSS in /proc/<pid>/status) is
 * sampled every 50 ms; VmHWM, the kernel's own peak, is read at the end as a check. Flat memory:
 * the peak above the idle baseline does not grow with the size of the log.
 * Sizes: BENCH_AUDIT_SIZES (default 20000,200000). Writes bench/results/audit-export.json.
 */
const SIZES = (process.env.BENCH_AUDIT_SIZES ?? '20000,200000').split(',').map(Number);
const WRITERS = 8;
const SAMPLE_MS = 50;
const UNITS = [
  ...Array.from({ length: 39 }, (_, i) => `dept-${String(i + 1).padStart(2, '0')}`),
  ...Array.from({ length: 30 }, (_, i) => `win-${String(i + 1).padStart(2, '0')}`),
];
const TITLES = [
  '营业执照变更窗口推诿，要求企业反复提交材料',
  '施工许可审批超过承诺时限',
  '政策兑现承诺的奖补资金迟迟未到位',
  '执法人员态度生硬，"一刀切"停业整改',
  '涉企收费名目繁多, 企业负担重',
];
const PROVENANCE = { calendarVersion: '2026:chinese-days@1.5.7', timeLimitsVersion: 'time-limits@default' };

/** One case's history as the deciders write it: 10 events, complaint to closing. */
function caseHistory(caseId: string, n: number): NewEvent[] {
  const unit = UNITS[n % UNITS.length];
  const day = `2026-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 27) + 1).padStart(2, '0')}`;
  const intake = { actorId: `intake-${n % 7}`, role: 'intake', unitId: null };
  const handler = { actorId: `${unit}-handler`, role: 'unit', unitId: unit };
  const facts: [string, object, object][] = [
    [
      'ComplaintFiled',
      intake,
      {
        caseId,
        channel: ['hotline', 'web', 'letter', 'visit'][n % 4],
        category: 'cumbersome_approval',
        urgency: 'normal',
        title: TITLES[n % TITLES.length],
        description: '企业反映：同一事项在多个窗口之间往返，\n每次被要求补充不同材料，已耽误项目开工近一个月。',
        complainedUnitId: unit,
        receivedAt: `${day}T09:00:00+08:00`,
        complainant: { ref: randomUUID(), anonymous: n % 5 === 0 },
      },
    ],
    ['ComplaintAccepted', intake, { note: null }],
    ['UnitNotified', intake, { unitId: unit, role: 'lead', responsibleLeader: '张局长', signForDue: day, handlingDue: day, ...PROVENANCE }],
    ['UnitAcknowledged', handler, { unitId: unit }],
    ['ExtensionRequested', handler, { unitId: unit, reason: '需现场核查，涉及多个部门', workingDays: 5 }],
    [
      'ExtensionGranted',
      intake,
      { unitId: unit, workingDays: 5, previousDue: day, newDue: day, calendarVersion: PROVENANCE.calendarVersion },
    ],
    [
      'HandlingReported',
      handler,
      { unitId: unit, factsFound: '窗口人员未履行一次性告知义务', factsEstablished: true, result: '已当面向企业说明并办结' },
    ],
    [
      'RectificationPlanned',
      handler,
      {
        unitId: unit,
        measures: [
          {
            measureId: 'M1',
            description: '编制一次性告知清单并上墙公示',
            responsibleUnitId: unit,
            responsibleLeader: '王科长',
            dueDate: day,
          },
        ],
        noRectificationReason: null,
      },
    ],
    ['ReturnVisitRecorded', intake, { satisfaction: 'satisfied', note: '企业表示满意' }],
    ['CaseClosed', intake, { accountabilityNotRequiredReason: '情节轻微，已批评教育' }],
  ];
  const correlationId = randomUUID();
  return facts.map(([type, who, data]) => ({
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: { ...who, correlationId, causationId: null, occurredAt: `${day}T02:00:00.000Z` } as NewEvent['metadata'],
  }));
}

async function appendCases(store: PostgresEventStore, from: number, to: number): Promise<void> {
  let next = from;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < to) {
        const n = next++;
        const caseId = randomUUID();
        await store.appendToStream(`case-${caseId}`, caseHistory(caseId, n), { expectedVersion: 'no_stream' });
      }
    }),
  );
}

/** Reads a response to the end without keeping it: bytes and lines so far, in `progress`. */
async function drain(response: Response, progress = { bytes: 0, lines: 0 }): Promise<{ bytes: number; lines: number }> {
  const reader = response.body!.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    progress.bytes += chunk.value.length;
    for (const byte of chunk.value) if (byte === 10) progress.lines++;
  }
  return progress;
}

async function measureExport(databaseUrl: string, format: 'csv' | 'ndjson', events: number) {
  const { child, base } = await startApiProcess(databaseUrl);
  const DISCIPLINE = await benchSignIn({ role: 'discipline', subject: 'jjjc-bench' });
  try {
    const pid = child.pid!;
    // Warm up the route (modules, JIT, pool) on a page and an export of nothing, then sit idle.
    await drain(await fetch(`${base}/api/v1/audit/events?limit=100`, { headers: DISCIPLINE }));
    await drain(await fetch(`${base}/api/v1/audit/events/export?format=${format}&caseId=${randomUUID()}`, { headers: DISCIPLINE }));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const baseline = memoryOf(pid).rss;
    let peak = baseline;
    const progress = { bytes: 0, lines: 0 };
    // RSS against how much has been streamed: a plateau, not a climb, is what flat memory looks like.
    const timeline: { mibStreamed: number; rssMiB: number }[] = [];
    let samples = 0;
    const sampler = setInterval(() => {
      const { rss } = memoryOf(pid);
      peak = Math.max(peak, rss);
      if (samples++ % 10 === 0) timeline.push({ mibStreamed: round(progress.bytes / 2 ** 20, 1), rssMiB: round(rss, 1) });
    }, SAMPLE_MS);
    const started = process.hrtime.bigint();
    const response = await fetch(`${base}/api/v1/audit/events/export?format=${format}`, { headers: DISCIPLINE });
    if (response.status !== 200) throw new Error(`export answered ${response.status}`);
    const { bytes, lines } = await drain(response, progress);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    const { hwm } = memoryOf(pid);
    const expectedLines = format === 'csv' ? null : events; // CSV fields hold line breaks of their own
    if (expectedLines !== null && lines !== expectedLines) throw new Error(`expected ${expectedLines} lines, got ${lines}`);
    return {
      format,
      events,
      megabytes: round(bytes / 2 ** 20, 1),
      seconds: round(seconds, 2),
      eventsPerSecond: Math.round(events / seconds),
      rssMiB: { baseline: round(baseline, 1), peak: round(peak, 1), growth: round(peak - baseline, 1), kernelPeakVmHWM: round(hwm, 1) },
      timeline,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function main(): Promise<void> {
  await withBenchDatabase(
    { folderPrefix: 'cases-audit-bench-', durable: false, connections: WRITERS + 4 },
    async ({ url, pool, store }) => {
      const runs: Awaited<ReturnType<typeof measureExport>>[] = [];
      const builds: { events: number; appendedEvents: number; appendSeconds: number; projectionSeconds: number }[] = [];
      let cases = 0;
      for (const size of SIZES) {
        const target = Math.ceil(size / 10);
        let t = process.hrtime.bigint();
        await appendCases(store, cases, target);
        const appendedEvents = (target - cases) * 10;
        cases = target;
        const appendSeconds = Number(process.hrtime.bigint() - t) / 1e9;
        t = process.hrtime.bigint();
        const { events } = await rebuildProjection(pool, store, auditProjection);
        builds.push({
          events,
          appendedEvents,
          appendSeconds: round(appendSeconds, 1),
          projectionSeconds: round(Number(process.hrtime.bigint() - t) / 1e9, 1),
        });
        console.log(`${events} events in the log and the audit read model`);
        for (const format of ['csv', 'ndjson'] as const) {
          const run = await measureExport(url, format, events);
          runs.push(run);
          console.log(`  ${format}: ${run.megabytes} MiB in ${run.seconds} s, RSS ${run.rssMiB.baseline} → ${run.rssMiB.peak} MiB`);
        }
      }
      const results = {
        measuredAt: new Date().toISOString(),
        machine: machine(),
        method:
          'API in its own process (APP_ROLE=api); VmRSS of that process sampled every 50 ms during one export over HTTP, ' +
          'baseline = VmRSS after a warm-up request and 1 s idle; a fresh process per export; timeline = RSS every 500 ms ' +
          'against MiB streamed. Log: case histories of 10 events each (appended in batches of one case through the ' +
          'PostgresEventStore, 8 writers, embedded PostgreSQL without fsync); the audit projection built by a rebuild.',
        builds,
        exports: runs,
      };
      console.table(
        runs.map((r) => ({
          format: r.format,
          events: r.events,
          MiB: r.megabytes,
          s: r.seconds,
          'events/s': r.eventsPerSecond,
          'baseline RSS': r.rssMiB.baseline,
          'peak RSS': r.rssMiB.peak,
          growth: r.rssMiB.growth,
        })),
      );
      writeResults('audit-export', results);
    },
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
