import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TokenSigner, type SignedIn, type TestCaller } from './tokens';

const ROOT = path.resolve(__dirname, '../..');
/** What `npm start` runs: the composition root's start, with the first-start demo (tools/demo). */
export const NPM_START_MAIN = path.join(ROOT, 'dist/tools/demo/src/start-with-demo.js');

/** A built server process (`npm run build` output), as `npm start` runs it. */
export interface ServerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The development issuer's key file the server signs in with (DEV_TOKEN_KEY_FILE). */
  keyFile: string;
  /** Headers that sign a request in to this server as `caller`, with its own key (once it has started). */
  as(caller: TestCaller): SignedIn;
}

/** Variables of the developer's shell that would make a spawned server something other than what the test says. */
const INHERITED_NOT = [
  'DATABASE_URL',
  'EVENT_STORE',
  'KURRENTDB_URL',
  'APP_ROLE',
  'PORT',
  'HOST',
  'MANAGEMENT_PORT',
  'MANAGEMENT_HOST',
  'DEV_TOKEN_KEY_FILE',
  'OIDC_ISSUER',
  'OIDC_AUDIENCE',
  'OIDC_JWKS_URL',
];

/**
 * Spawns the built server. Unless `env` says otherwise: no demo year, the management listener on an
 * ephemeral port (so servers running side by side do not collide), and the development key beside
 * EMBEDDED_PG_DIR (as `.data/dev-token-key.json` is beside `.data/pg`), else in a folder of its own
 * that goes when the server exits.
 */
export function spawnServer(env: Record<string, string>, args: string[] = []): ServerProcess {
  if (!fs.existsSync(NPM_START_MAIN)) throw new Error(`${NPM_START_MAIN} is missing: run "npm run build" first (npm test does)`);
  const base = { ...process.env };
  for (const name of INHERITED_NOT) delete base[name];
  const ownKeyDir = env.DEV_TOKEN_KEY_FILE || env.EMBEDDED_PG_DIR ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'cases-key-'));
  const keyFile = env.DEV_TOKEN_KEY_FILE ?? path.join(ownKeyDir ?? path.dirname(env.EMBEDDED_PG_DIR), 'dev-token-key.json');
  // No demo year unless a test asks for one: it would slow every first start down.
  const child = spawn(process.execPath, [NPM_START_MAIN, ...args], {
    cwd: ROOT,
    env: { ...base, LOG_LEVEL: 'info', DEMO_ON_FIRST_START: '0', MANAGEMENT_PORT: '0', DEV_TOKEN_KEY_FILE: keyFile, ...env },
  });
  if (ownKeyDir) child.once('exit', () => fs.rmSync(ownKeyDir, { recursive: true, force: true }));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited, keyFile, as: (caller) => TokenSigner.fromKeyFile(keyFile).headers(caller) };
}

/**
 * Polls GET url until it answers `status`; returns the milliseconds it took. On timeout the error
 * holds the server's output, the process's state and what `diagnose` adds (e.g. databaseActivity):
 * a start that hangs on a rare run must say where.
 */
export async function waitForStatus(
  url: string,
  status: number,
  timeoutMs: number,
  server?: ServerProcess,
  diagnose?: () => Promise<string>,
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (server && server.child.exitCode !== null) throw new Error(`server exited early:\n${server.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.status === status) return Date.now() - started;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const last = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
    (response) => `answered ${response.status}`,
    (error: Error) => `no answer (${error.message})`,
  );
  const state = server ? processState(server.child.pid) : '';
  // The diagnosis first: a long output is folded in the middle by whoever shows it.
  const extra = diagnose ? `${await diagnose()}\n` : '';
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last}; ${state}):\n${extra}${server?.output() ?? ''}`);
}

/**
 * The process's scheduler state and CPU time so far, and where each of its threads waits in the
 * kernel (Linux /proc): busy, idle in its event loop (do_epoll_wait), or stuck in a write to a full
 * pipe or a lock, even when the process itself can no longer say anything.
 */
function processState(pid: number | undefined): string {
  try {
    const [state, ticks] = schedulerState(`/proc/${pid}/stat`);
    return `process ${pid} state ${state}, ${ticks.toFixed(1)} s of CPU; threads: ${threadStates(pid!)}`;
  } catch {
    return `process ${pid} not readable`;
  }
}

/** State and CPU seconds from a /proc stat file (fields after the command name, which may hold spaces). */
function schedulerState(statFile: string): [string, number] {
  const stat = fs.readFileSync(statFile, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // State is the 3rd field, utime/stime the 14th/15th, in clock ticks (100 a second).
  return [fields[0], (Number(fields[11]) + Number(fields[12])) / 100];
}

/** "2 × S do_epoll_wait, 6 × S futex_do_wait": each thread's state and kernel wait channel, counted. */
function threadStates(pid: number): string {
  const counts = new Map<string, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const [state] = schedulerState(`/proc/${pid}/task/${tid}/stat`);
      const wchan = fs.readFileSync(`/proc/${pid}/task/${tid}/wchan`, 'utf8').trim() || '-';
      const key = `${state} ${wchan}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    } catch {
      /* the thread ended meanwhile */
    }
  }
  return [...counts].map(([key, n]) => `${n} × ${key}`).join(', ');
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
