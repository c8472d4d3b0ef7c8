import * as fs from 'node:fs';
import { boundRebuildHeapGrowth } from '@app/projections/runner/rebuild-heap';
import { rebuildAll, REBUILD_MODES, type RebuildMode } from './rebuild-all';

/**
 * `DATABASE_URL=<database url> node dist/bench/scale/rebuild-child.js [mode]`: a process that does nothing but
 * rebuild every read model (mode: rebuild-all.ts, default one-pass), so its peak resident memory
 * (VmHWM) is the rebuild's. It imports only what the rebuild needs (not bench-kit, which loads the
 * whole server). Progress on stderr; the measure, with the peak and the process's CPU, as one JSON
 * line on stdout. The URL comes in the environment, not the arguments: it holds the server's
 * password, and any account of the machine can read a process's arguments.
 */
async function main(url: string, mode: RebuildMode): Promise<void> {
  // As `npm run projections -- rebuild` does: this process stands for it.
  boundRebuildHeapGrowth();
  const measure = await rebuildAll(url, (line) => process.stderr.write(`  ${line}\n`), mode);
  const hwmKiB = Number(/^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]);
  // Every thread of this process (the collector's too), from its start: the rebuild's Node CPU.
  const { user, system } = process.cpuUsage();
  process.stdout.write(JSON.stringify({ ...measure, peakRssMiB: hwmKiB / 1024, nodeCpuSeconds: (user + system) / 1e6 }) + '\n');
}

const mode = (process.argv[2] ?? 'one-pass') as RebuildMode;
if (!REBUILD_MODES.includes(mode)) {
  process.stderr.write(`rebuild mode must be one of ${REBUILD_MODES.join(', ')}, got "${mode}"\n`);
  process.exit(64);
}
const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL must name the database to rebuild\n');
  process.exit(64);
}
main(url, mode).catch((error: unknown) => {
  process.stderr.write(`rebuild failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
