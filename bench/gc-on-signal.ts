import * as fs from 'node:fs';

/**
 * Preloaded into an API process a bench starts (`node --expose-gc --require …/gc-on-signal.js`): on
 * SIGUSR2 it collects all garbage and writes process.memoryUsage() to BENCH_MEMORY_FILE, so the
 * bench can tell memory kept from garbage not yet collected.
 */
const gc = (globalThis as { gc?: () => void }).gc;
const file = process.env.BENCH_MEMORY_FILE;
if (gc && file) {
  process.on('SIGUSR2', () => {
    gc();
    fs.writeFileSync(file, JSON.stringify(process.memoryUsage()));
  });
}
