import { Client } from 'pg';
import { round } from '../bench-kit';
import { ratioOf } from '../bench-report';
import { ReferenceFailed, type BenchContext, type BenchRow, type BenchSection } from '../bench-section';
import { EVENTS_COPY_COLUMNS } from './log-generator';
import { pipeCopy } from './pg-copy';
import { loglogSlope, sizeName, thousands } from './scale-figures';
import { REBUILD_MODES } from './rebuild-all';
import { measureRebuildFloor } from './rebuild-floor';
import { rebuildInChild, scaleLogs, scaleSizes } from './scale-logs';

/** The targets for the rebuild. */
const TARGET_EVENTS_PER_SECOND = 25_000;
const TARGET_SHARE_OF_COPY = 0.3;
const TARGET_RSS_SPREAD = 1.2;

/**
 * Section `rebuild`: every read model rebuilt (rebuildProjections: one pass over the log for every
 * projection the projector runs) from generated logs of each size (scale-logs.ts), in a process that
 * does only that: time, events/s, peak RSS. With BENCH_REBUILD_COMPARE=1, the largest log is then
 * rebuilt the other ways too (rebuild-all.ts: batches applied one projection after the other, a
 * pass per projection), each beside the one-pass figure. On the largest log, beside its reference: `COPY` of the same rows — the events
 * table piped from `COPY … TO STDOUT` into `COPY … FROM STDIN` of an identically migrated database —
 * which is about as fast as PostgreSQL can take these rows in — and its floor (rebuild-floor.ts): the
 * CPU of reading the log once and writing every read model's final rows once, over the machine's
 * cores, what no rebuild here can beat; the rebuild's own CPU (its process and the server) beside
 * the floor's, and how busy it kept the cores. Across sizes: the exponent of time against size (1 = linear)
 * and how flat the peak RSS stays.
 */
export const rebuildSection: BenchSection = {
  name: 'rebuild',
  async run(ctx) {
    const started = Date.now();
    const logs = scaleLogs(ctx);
    const sizes = scaleSizes(ctx);
    const perSize = [];
    for (const size of sizes) {
      const { generated } = await logs.log(size);
      ctx.log(`rebuilding every read model from ${thousands(generated.events)} events`);
      const rebuild = await logs.rebuilt(size);
      perSize.push({
        size,
        events: rebuild.logEvents,
        seconds: round(rebuild.seconds),
        eventsPerSecond: Math.round(rebuild.logEvents / rebuild.seconds),
        peakRssMiB: round(rebuild.peakRssMiB, 1),
        cpuSeconds: { node: round(rebuild.nodeCpuSeconds, 1), postgres: round(rebuild.postgresCpuSeconds, 1) },
        projections: rebuild.projections,
        copies: generated.copies,
      });
    }
    const largest = perSize[perSize.length - 1];
    const copy = await copyReference(ctx, (await logs.log(largest.size)).url);
    const copyRowsPerSecond = Math.round(copy.rows / copy.seconds);
    const floor = await measureRebuildFloor(ctx, (await logs.log(largest.size)).url);
    const compared = [];
    if (process.env.BENCH_REBUILD_COMPARE === '1') {
      for (const mode of REBUILD_MODES.filter((m) => m !== 'one-pass')) {
        ctx.log(`rebuilding every read model again, ${mode}`);
        const other = await rebuildInChild((await logs.log(largest.size)).url, ctx.log, mode);
        compared.push({ mode, seconds: round(other.seconds), eventsPerSecond: Math.round(other.logEvents / other.seconds) });
      }
    }

    const exponent = loglogSlope(perSize.map((p) => ({ size: p.events, value: p.seconds })));
    const rss = perSize.map((p) => p.peakRssMiB);
    const rssSpread = round(Math.max(...rss) / Math.min(...rss));
    const at = sizeName(largest.size);
    const shareOfCopy = round(largest.eventsPerSecond / copyRowsPerSecond);
    const rebuildCpu = largest.cpuSeconds.node + largest.cpuSeconds.postgres;
    const floorCpu = floor.readCpu.node + floor.readCpu.postgres + floor.writeCpu.node + floor.writeCpu.postgres;
    const rows: BenchRow[] = [
      {
        measure: `rebuild of all read models, ${at} events (events/s)`,
        ours: largest.eventsPerSecond,
        reference: { name: 'COPY of the same rows (rows/s)', value: copyRowsPerSecond },
        ratio: shareOfCopy,
        target: { text: `>= ${TARGET_SHARE_OF_COPY}x COPY`, met: shareOfCopy >= TARGET_SHARE_OF_COPY },
        unit: 'events/s',
      },
      {
        measure: `rebuild of all read models, ${at} events, against its floor: the log read once and every read model's final rows written once by COPY, that CPU over ${floor.cores} cores (events/s)`,
        ours: largest.eventsPerSecond,
        reference: { name: 'the floor (events/s)', value: floor.eventsPerSecond },
        ratio: round(largest.eventsPerSecond / floor.eventsPerSecond),
        unit: 'events/s',
      },
      {
        measure: `rebuild floor, ${at} events: CPU to read the log (Node + PostgreSQL, s)`,
        ours: round(floor.readCpu.node + floor.readCpu.postgres, 1),
        reference: null,
        ratio: null,
        unit: 's',
      },
      {
        measure: `rebuild floor, ${at} events: CPU to write ${thousands(floor.rows)} read-model rows by COPY, log and index them (Node + PostgreSQL, s)`,
        ours: round(floor.writeCpu.node + floor.writeCpu.postgres, 1),
        reference: null,
        ratio: null,
        unit: 's',
      },
      {
        measure: `rebuild of all read models, ${at} events: CPU (Node + PostgreSQL, s), against the floor's`,
        ours: round(rebuildCpu, 1),
        reference: { name: "the floor's CPU (s)", value: round(floorCpu, 1) },
        ratio: ratioOf(rebuildCpu, floorCpu, { lowerIsBetter: true }),
        unit: 's',
      },
      {
        measure: `rebuild of all read models, ${at} events: the ${floor.cores} cores' share busy (its CPU over its time and the cores)`,
        ours: round(rebuildCpu / (largest.seconds * floor.cores)),
        reference: null,
        ratio: null,
        unit: '',
      },
      {
        measure: `rebuild of all read models, ${at} events (events/s, absolute)`,
        ours: largest.eventsPerSecond,
        reference: null,
        ratio: null,
        target: { text: `>= ${thousands(TARGET_EVENTS_PER_SECOND)} events/s`, met: largest.eventsPerSecond >= TARGET_EVENTS_PER_SECOND },
        unit: 'events/s',
      },
      ...compared.map((c): BenchRow => ({
        measure: `rebuild of all read models, ${at} events, one pass vs ${c.mode} (events/s)`,
        ours: largest.eventsPerSecond,
        reference: { name: `${c.mode} (events/s)`, value: c.eventsPerSecond },
        ratio: round(largest.eventsPerSecond / c.eventsPerSecond),
        unit: 'events/s',
      })),
      ...perSize.flatMap((p): BenchRow[] => [
        { measure: `rebuild time, ${sizeName(p.size)} events`, ours: p.seconds, reference: null, ratio: null, unit: 's' },
        { measure: `rebuild peak RSS, ${sizeName(p.size)} events`, ours: p.peakRssMiB, reference: null, ratio: null, unit: 'MiB' },
      ]),
      {
        measure: `rebuild peak RSS, largest / smallest (${perSize.map((p) => sizeName(p.size)).join(' → ')})`,
        ours: rssSpread,
        reference: null,
        ratio: null,
        target: { text: `<= ${TARGET_RSS_SPREAD} (flat within 20%)`, met: rssSpread <= TARGET_RSS_SPREAD },
        unit: 'x',
      },
    ];
    if (exponent !== null) {
      rows.push({
        measure: 'rebuild time exponent (log-log slope; 1 = linear)',
        ours: round(exponent),
        reference: null,
        ratio: null,
        unit: '',
      });
    }
    return {
      rows,
      details: {
        sizes: perSize,
        copyReference: { rows: copy.rows, seconds: round(copy.seconds), rowsPerSecond: copyRowsPerSecond },
        floor,
        compared,
        exponent: exponent === null ? null : round(exponent, 3),
        rssSpread,
        rebuildExcludes: 'verification of the log (a pass of its own before a CLI rebuild)',
        sectionSeconds: round((Date.now() - started) / 1000, 1),
      },
    };
  },
};

/** `COPY` of the events rows of `sourceUrl` into the events table of a fresh, identically migrated database. */
async function copyReference(ctx: BenchContext, sourceUrl: string): Promise<{ rows: number; seconds: number }> {
  const from = new Client({ connectionString: sourceUrl });
  let to: Client | undefined;
  try {
    const { url } = await ctx.createDatabase('scale_copy_reference');
    to = new Client({ connectionString: url });
    await Promise.all([from.connect(), to.connect()]);
    ctx.log('COPY of the largest log into another database (the reference)');
    const started = process.hrtime.bigint();
    const rows = await pipeCopy(
      from,
      `COPY (SELECT ${EVENTS_COPY_COLUMNS} FROM events) TO STDOUT`,
      to,
      `COPY events (${EVENTS_COPY_COLUMNS}) FROM STDIN`,
    );
    return { rows, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } catch (error) {
    throw new ReferenceFailed('COPY of the same rows', error);
  } finally {
    await from.end().catch(() => undefined);
    await to?.end().catch(() => undefined);
  }
}
