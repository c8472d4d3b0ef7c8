import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { EmbeddedPostgres, freePort, runMigrations } from '@app/platform';
import { MIGRATION_FOLDERS } from '../apps/server/src';
import { machine } from './bench-kit';
import { ROOT, stopAllChildren } from './bench-processes';
import { markdownTable, replaceGenerated, textTable, type ReportLine } from './bench-report';
import { ReferenceFailed, type BenchContext, type BenchSection, type BenchSectionResult } from './bench-section';
import { appendSection } from './sections/append/append.section';
import { postCasesSection } from './sections/post-cases/post-cases.section';
import { generationSection } from './scale/generation.section';
import { queriesSection } from './scale/queries.section';
import { rebuildSection } from './scale/rebuild.section';

/**
 * `npm run bench [-- --only name,name]`: every section on ONE embedded, durable PostgreSQL (fsync
 * on, as `npm start` runs it), one after another, so each figure stands beside its reference from
 * the same run. Prints one table, writes bench/results/<section>.json and the generated block of
 * BENCHMARKS.md. `BENCH_QUICK=1`: small sizes for development, marked as such everywhere.
 *
 * Exit status: 0 when every section ran; 1 when one threw (a reference that could not run above
 * all: a figure without its reference is not a figure); 64 for bad options; 130/143 when
 * interrupted. In every case the server is stopped, its folder removed and every child process
 * (API, projector, CRUD reference, workers) stopped — the last through /proc, whoever started it.
 */
const SECTIONS: readonly BenchSection[] = [
  appendSection,
  postCasesSection,
  // After the request-path sections: these fill the server with big logs (100k, 300k, 1M events).
  generationSection,
  rebuildSection,
  queriesSection,
];

const RESULTS_DIR = path.join(ROOT, 'bench/results');
const BENCHMARKS_FILE = path.join(ROOT, 'BENCHMARKS.md');
const TEMPLATE_DATABASE = 'bench_migrated_template';

/** What the run has started so far, for cleanUp. */
const run: { folder?: string; server?: EmbeddedPostgres; admin?: Pool } = {};
let cleaning: Promise<void> | undefined;
/** The exit status a signal asked for (130, 143): no further section starts, and the run exits with it. */
let interrupted: number | undefined;

async function main(): Promise<number> {
  const only = parseOnly(process.argv.slice(2));
  if (only instanceof Error) {
    process.stderr.write(`${only.message}\n`);
    return 64;
  }
  const sections = only ? SECTIONS.filter((s) => only.includes(s.name)) : SECTIONS;
  const quick = process.env.BENCH_QUICK === '1';
  const command = commandLine(quick);
  log(`${command}: ${sections.map((s) => s.name).join(', ')}${quick ? ' (QUICK: development sizes)' : ''}`);

  const folder = (run.folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-bench-')));
  const server = (run.server = await EmbeddedPostgres.start({
    dataDir: path.join(folder, 'pg'),
    port: await freePort(),
    durable: true,
    maxConnections: 300,
    // Its errors only: the rest (checkpoints, shutdown, Emmett's schema warnings) is noise here.
    onLog: (line) => {
      if (/\b(ERROR|PANIC):/.test(line)) log(`postgres: ${line}`);
    },
  }));
  const admin = (run.admin = new Pool({ connectionString: server.url('postgres'), max: 2 }));
  // The server ends these connections when it stops: expected then, not a reason to crash.
  admin.on('error', () => undefined);
  const versions = await versionsOf(admin);
  log(`postgres ${versions.postgres} in ${folder}`);

  const ctx = context(server, admin, quick);
  const lines: ReportLine[] = [];
  const failures: { section: string; error: unknown }[] = [];
  for (const section of sections) {
    if (interrupted !== undefined) break;
    log(`section ${section.name}…`);
    const started = Date.now();
    let result: BenchSectionResult;
    try {
      result = await section.run(ctx);
    } catch (error) {
      failures.push({ section: section.name, error });
      log(`section ${section.name} FAILED: ${(error as Error)?.stack ?? String(error)}`);
      continue;
    }
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    log(`section ${section.name} done in ${seconds} s`);
    lines.push(...result.rows.map((row) => ({ section: section.name, row })));
    writeJson(path.join(RESULTS_DIR, `${section.name}.json`), {
      section: section.name,
      measuredAt: new Date().toISOString(),
      quick,
      command,
      machine: machine(),
      versions,
      postgres: 'embedded, durable (fsync on, synchronous_commit on), one server for the whole run',
      seconds,
      rows: result.rows,
      details: result.details,
    });
  }

  process.stdout.write(`\n${textTable(lines)}\n\n`);
  if (failures.length > 0) {
    for (const { section, error } of failures) {
      const kind = error instanceof ReferenceFailed ? 'reference failed' : 'failed';
      process.stderr.write(`section ${section} ${kind}: ${(error as Error)?.message ?? String(error)}\n`);
    }
    process.stderr.write('BENCHMARKS.md left as it was: a run with a failed section records nothing there.\n');
    return 1;
  }
  writeBenchmarks(lines, { command, quick, versions, sections: sections.map((s) => s.name), partial: only !== undefined });
  return 0;
}

function context(server: EmbeddedPostgres, admin: Pool, quick: boolean): BenchContext {
  let template: Promise<void> | undefined;
  const used = new Set<string>();
  return {
    serverUrl: server.url('postgres'),
    quick,
    log,
    async createDatabase(name, options = {}) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name) || name === TEMPLATE_DATABASE) throw new Error(`bad database name "${name}"`);
      if (used.has(name)) throw new Error(`database "${name}" was already created in this run: each createDatabase gives a fresh one`);
      used.add(name);
      if (options.migrated === false) {
        await admin.query(`CREATE DATABASE ${name}`);
      } else {
        // Migrated once into a template, then copied: a copy takes a fraction of a second, the migrations several.
        template ??= (async () => {
          await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
          await runMigrations(server.url(TEMPLATE_DATABASE), MIGRATION_FOLDERS, { info: () => undefined });
        })();
        await template;
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
      }
      return { url: server.url(name) };
    },
  };
}

/** Stops everything the run started; safe to call more than once and from any exit path. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    const stopped = await stopAllChildren(run.folder ? [postmasterPid(run.folder)] : []);
    if (stopped.length) log(`stopped ${stopped.length} process(es) a section left running: ${stopped.join(', ')}`);
    await run.admin?.end().catch(() => undefined);
    await run.server?.stop();
    if (run.folder) {
      fs.rmSync(run.folder, { recursive: true, force: true });
      log(`server stopped, ${run.folder} removed`);
    }
  })();
  return cleaning;
}

/** Ctrl-C, SIGTERM, a throw nobody caught: clean up, then exit. A second signal does not wait. */
function exitCleanlyOnTrouble(): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals, status: number) => {
    if (signalled) {
      run.server?.signalStop();
      if (run.folder) fs.rmSync(run.folder, { recursive: true, force: true });
      process.exit(status);
    }
    signalled = true;
    interrupted = status;
    log(`${signal}: stopping (again to stop at once)`);
    void cleanUp().finally(() => process.exit(status));
  };
  process.on('SIGINT', () => onSignal('SIGINT', 130));
  process.on('SIGTERM', () => onSignal('SIGTERM', 143));
  const onError = (error: unknown) => {
    log(`unexpected error: ${(error as Error)?.stack ?? String(error)}`);
    // While stopping, the sections' connections fail as the server goes: that is no news.
    if (cleaning) return;
    void cleanUp().finally(() => process.exit(1));
  };
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
}

function postmasterPid(folder: string): number {
  try {
    return Number(fs.readFileSync(path.join(folder, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return -1;
  }
}

function parseOnly(args: string[]): string[] | undefined | Error {
  if (args.length === 0) return undefined;
  const value = args[0] === '--only' ? args[1] : args[0].startsWith('--only=') ? args[0].slice('--only='.length) : undefined;
  if (value === undefined || args.length > (args[0] === '--only' ? 2 : 1)) {
    return new Error(`usage: npm run bench [-- --only <section>,<section>]; sections: ${SECTIONS.map((s) => s.name).join(', ')}`);
  }
  const names = value.split(',').filter(Boolean);
  const unknown = names.filter((n) => !SECTIONS.some((s) => s.name === n));
  if (names.length === 0 || unknown.length > 0) {
    return new Error(`unknown section(s) ${unknown.join(', ') || '(none given)'}; sections: ${SECTIONS.map((s) => s.name).join(', ')}`);
  }
  return names;
}

/** The command as typed, for the results: `npm run bench` when npm ran us. */
function commandLine(quick: boolean): string {
  const args = process.argv.slice(2);
  const base = process.env.npm_lifecycle_event === 'bench' ? 'npm run bench' : `node ${path.relative(ROOT, process.argv[1])}`;
  const tail = args.length === 0 ? '' : base.startsWith('npm') ? ` -- ${args.join(' ')}` : ` ${args.join(' ')}`;
  return `${quick ? 'BENCH_QUICK=1 ' : ''}${base}${tail}`;
}

async function versionsOf(admin: Pool) {
  const packageVersion = (file: string) => (JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as { version: string }).version;
  const { rows } = await admin.query<{ server_version: string }>('SHOW server_version');
  return {
    node: process.version,
    postgres: rows[0].server_version,
    'complaint-cases': packageVersion('package.json'),
    '@event-driven-io/emmett-postgresql': packageVersion('node_modules/@event-driven-io/emmett-postgresql/package.json'),
    autocannon: packageVersion('node_modules/autocannon/package.json'),
  };
}

function writeBenchmarks(
  lines: readonly ReportLine[],
  about: { command: string; quick: boolean; versions: Record<string, string>; sections: string[]; partial: boolean },
): void {
  const m = machine();
  const block = [
    about.quick
      ? '> **QUICK run (`BENCH_QUICK=1`, development sizes): not the recorded figures.** Run `npm run bench` on an idle machine for those.\n'
      : '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${about.command}\`` +
      (about.partial ? ` (sections ${about.sections.join(', ')} only)` : '') +
      '.',
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB. ` +
      Object.entries(about.versions)
        .map(([name, version]) => `${name} ${version}`)
        .join(', ') +
      '. One embedded, durable PostgreSQL (fsync on) for the whole run.',
    '',
    'Ratios are "higher is better" (ours / reference; reference / ours for latencies), both measured in this run.',
    '',
    markdownTable(lines),
  ].join('\n');
  const existing = fs.existsSync(BENCHMARKS_FILE) ? fs.readFileSync(BENCHMARKS_FILE, 'utf8') : null;
  fs.writeFileSync(
    BENCHMARKS_FILE,
    replaceGenerated(existing, block, (generated) => `# Benchmarks\n\n${generated}\n`),
  );
  log(`written ${path.relative(process.cwd(), BENCHMARKS_FILE)}`);
}

function writeJson(file: string, value: object): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
  log(`written ${path.relative(process.cwd(), file)}`);
}

function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

exitCleanlyOnTrouble();
main()
  .catch((error: unknown) => {
    log(`failed: ${(error as Error)?.stack ?? String(error)}`);
    return 1;
  })
  .then(async (status) => {
    await cleanUp();
    process.exit(interrupted ?? status);
  });
