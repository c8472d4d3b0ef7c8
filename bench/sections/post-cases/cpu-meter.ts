import * as fs from 'node:fs';
import { Client } from 'pg';
import { childrenOf } from '../../bench-processes';

/**
 * CPU time spent by each party of a load (the server processes, PostgreSQL, the load generator),
 * from /proc (Linux): utime + stime of a process, in seconds. PostgreSQL is its postmaster (with the
 * children it has reaped) plus its live backends; the pooled connections of a load live through it.
 * With the number of requests, it says where a request's CPU goes.
 */
const TICKS_PER_SECOND = 100;

function cpuSecondsOf(pid: number, withReaped = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14–17 of stat (utime, stime, cutime, cstime) are 11–14 here, after pid and comm.
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
    return (utime + stime + (withReaped ? cutime + cstime : 0)) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The postmaster of the server `databaseUrl` is on: the parent of a backend. */
export async function postmasterOf(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const stat = fs.readFileSync(`/proc/${rows[0].pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } finally {
    await client.end();
  }
}

export type CpuParties = Record<string, number>;

/**
 * The PostgreSQL backends serving each named process, found by the client's TCP port: a backend's
 * `client_port` (pg_stat_activity) is the local port of one of that process's sockets
 * (/proc/<pid>/fd and /proc/net/tcp). Taken once the process's pools are open; connections opened
 * later are counted in `postgres` only.
 */
export async function backendsOf(databaseUrl: string, processes: Record<string, number>): Promise<Record<string, number[]>> {
  const portOfInode = new Map<string, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = fs.existsSync(table) ? fs.readFileSync(table, 'utf8').trim().split('\n').slice(1) : [];
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      portOfInode.set(fields[9], parseInt(fields[1].split(':')[1], 16));
    }
  }
  const processOfPort = new Map<number, string>();
  for (const [name, pid] of Object.entries(processes)) {
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      const target = readLink(`/proc/${pid}/fd/${fd}`);
      const port = target?.startsWith('socket:[') ? portOfInode.get(target.slice(8, -1)) : undefined;
      if (port !== undefined) processOfPort.set(port, name);
    }
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number; port: number }>(
      'SELECT pid, client_port AS port FROM pg_stat_activity WHERE client_port IS NOT NULL AND pid <> pg_backend_pid()',
    );
    const backends: Record<string, number[]> = Object.fromEntries(Object.keys(processes).map((name) => [name, []]));
    for (const row of rows) {
      const name = processOfPort.get(row.port);
      if (name) backends[name].push(row.pid);
    }
    return backends;
  } finally {
    await client.end();
  }
}

function readLink(file: string): string | undefined {
  try {
    return fs.readlinkSync(file);
  } catch {
    return undefined; // closed meanwhile
  }
}

/**
 * CPU seconds so far of each named process (postgres: the postmaster's tree, as above), and with
 * `backends` (backendsOf) of the PostgreSQL backends serving each, as `postgres for <name>`.
 */
export function cpuNow(processes: Record<string, number>, postmaster: number, backends: Record<string, number[]> = {}): CpuParties {
  const parties: CpuParties = { postgres: cpuSecondsOf(postmaster, true) };
  for (const pid of childrenOf(postmaster)) parties.postgres += cpuSecondsOf(pid);
  for (const [name, pid] of Object.entries(processes)) parties[name] = cpuSecondsOf(pid);
  for (const [name, pids] of Object.entries(backends))
    parties[`postgres for ${name}`] = pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
  return parties;
}

/** Milliseconds of CPU per request of each party between two readings. */
export function cpuMsPerRequest(before: CpuParties, after: CpuParties, requests: number): CpuParties {
  return Object.fromEntries(
    Object.keys(after).map((name) => [name, requests > 0 ? Math.round(((after[name] - before[name]) * 1000 * 100) / requests) / 100 : 0]),
  );
}
