import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres, freePort, runMigrations } from '@app/platform';
import { MIGRATION_FOLDERS } from '../../apps/server/src';
import { machine, writeResults } from '../bench-kit';
import type { BenchContext, BenchSection } from '../bench-section';
import { generationSection } from './generation.section';
import { queriesSection } from './queries.section';
import { rebuildSection } from './rebuild.section';

/**
 * `node dist/bench/scale/run-scale.js [scale-logs] [rebuild] [queries]`: the scale sections alone, on an embedded
 * durable PostgreSQL of their own, until the shared runner (bench/main.ts) runs them with the rest.
 * BENCH_QUICK=1 for small sizes, BENCH_SCALE_SIZES to choose them.
 */
const SECTIONS: BenchSection[] = [generationSection, rebuildSection, queriesSection];

async function main(names: string[]): Promise<void> {
  const chosen = names.length ? SECTIONS.filter((s) => names.includes(s.name)) : SECTIONS;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-bench-scale-'));
  const server = await EmbeddedPostgres.start({ dataDir: path.join(dataDir, 'pg'), port: await freePort(), durable: true });
  // Interrupted (a full run takes long): the server and its folder go all the same.
  const interrupted = () => void server.stop().finally(() => (fs.rmSync(dataDir, { recursive: true, force: true }), process.exit(130)));
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    const ctx: BenchContext = {
      serverUrl: server.url('postgres'),
      quick: process.env.BENCH_QUICK === '1',
      log: (line) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`),
      async createDatabase(name, options) {
        const admin = new Client({ connectionString: server.url('postgres') });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`).finally(() => admin.end());
        const url = server.url(name);
        if (options?.migrated !== false) await runMigrations(url, MIGRATION_FOLDERS, { info: () => undefined });
        return { url };
      },
    };
    for (const section of chosen) {
      const result = await section.run(ctx);
      console.table(
        result.rows.map((r) => ({
          measure: r.measure,
          ours: r.ours,
          unit: r.unit,
          reference: r.reference?.value,
          ratio: r.ratio,
          target: r.target ? `${r.target.text}: ${r.target.met ? 'met' : 'MISSED'}` : '',
        })),
      );
      writeResults(section.name, { measuredAt: new Date().toISOString(), machine: machine(), ...result });
    }
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
