import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** What `npm start` runs: the composition root's start, with the first-start demo (tools/demo). */
export const NPM_START_MAIN = path.join(ROOT, 'dist/tools/demo/src/start-with-demo.js');

/** A built server process (`npm run build` output), as `npm start` runs it. */
export interface ServerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnServer(env: Record<string, string>, args: string[] = []): ServerProcess {
  if (!fs.existsSync(NPM_START_MAIN)) throw new Error(`${NPM_START_MAIN} is missing: run "npm run build" first (npm test does)`);
  const base = { ...process.env };
  for (const name of ['DATABASE_URL', 'EVENT_STORE', 'KURRENTDB_URL', 'APP_ROLE', 'PORT']) delete base[name];
  // No demo year unless a test asks for one: it would slow every first start down.
  const child = spawn(process.execPath, [NPM_START_MAIN, ...args], {
    cwd: ROOT,
    env: { ...base, LOG_LEVEL: 'info', DEMO_ON_FIRST_START: '0', ...env },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Polls GET url until it answers `status`; returns the milliseconds it took. */
export async function waitForStatus(url: string, status: number, timeoutMs: number, server?: ServerProcess): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (server && server.child.exitCode !== null) throw new Error(`server exited early:\n${server.output()}`);
    try {
      const response = await fetch(url);
      if (response.status === status) return Date.now() - started;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms:\n${server?.output() ?? ''}`);
}

/** Pids of live processes whose command line mentions `needle` (Linux /proc). */
export function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return pids;
}
