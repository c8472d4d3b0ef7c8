import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The processes a bench section starts (the built API, a projector, the CRUD reference, an append
 * worker): each spawned from dist/ with its output kept for the error message, stopped by the
 * section when done, and — should a section fail or the run be interrupted — found and stopped by
 * the runner through /proc, so nothing of a run outlives it.
 */

/** The repository root, from dist/bench where the built bench runs. */
export const ROOT = path.resolve(__dirname, '../..');

export interface BenchProcess {
  child: ChildProcess;
  /** stdout and stderr so far (the last 20,000 characters). */
  output(): string;
  /** stdout alone, whole: a worker's answer. */
  stdout(): string;
  /** Resolves with the exit status once it has exited and its output is all read. */
  closed: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** `node [nodeFlags] <script> [args]` (a path under dist/, relative to the root) with `env` added to ours. */
export function spawnNode(script: string, env: Record<string, string>, args: string[] = [], nodeFlags: string[] = []): BenchProcess {
  const file = path.join(ROOT, script);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first`);
  const child = spawn(process.execPath, [...nodeFlags, file, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    keep(chunk);
  });
  child.stderr!.on('data', keep);
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => output, stdout: () => stdout, closed, stop: (graceMs) => stopProcess(child, graceMs) };
}

export async function stopProcess(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Resolves once GET `url` answers at all; fails as soon as `process` exits, or after `timeoutMs`. */
export async function waitForHttp(url: string, process: BenchProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.child.exitCode !== null) throw new Error(`it exited (status ${process.child.exitCode}) during start:\n${process.output()}`);
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s:\n${process.output()}`);
}

/** Pids of the live processes whose parent is `parent` (Linux /proc). */
export function childrenOf(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat, after the command name in parentheses (which may hold spaces).
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === parent && fields[0] !== 'Z') pids.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return pids;
}

/**
 * The runner's last resort: every child of this process except `keep` (the PostgreSQL server,
 * stopped afterwards on its own terms) gets SIGTERM, and SIGKILL if still there after `graceMs`.
 */
export async function stopAllChildren(keep: readonly number[], graceMs = 10_000): Promise<number[]> {
  const pids = childrenOf(process.pid).filter((pid) => !keep.includes(pid));
  const signal = (pid: number, name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      /* already gone */
    }
  };
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && childrenOf(process.pid).some((pid) => pids.includes(pid))) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const pid of childrenOf(process.pid).filter((p) => pids.includes(p))) signal(pid, 'SIGKILL');
  return pids;
}

/**
 * BENCH_CPU_PROFILE=<folder>: node flags that make a process write a V8 CPU profile there as it
 * stops (`<name>.cpuprofile`; open it in Chrome's DevTools), to read where its time goes. None otherwise.
 */
export function cpuProfileFlags(name: string): string[] {
  const folder = process.env.BENCH_CPU_PROFILE;
  return folder ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(folder)}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
}
