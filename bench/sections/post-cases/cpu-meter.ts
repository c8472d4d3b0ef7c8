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

/** CPU seconds so far of each named process (postgres: the postmaster's tree, as above). */
export function cpuNow(processes: Record<string, number>, postmaster: number): CpuParties {
  const parties: CpuParties = { postgres: cpuSecondsOf(postmaster, true) };
  for (const pid of childrenOf(postmaster)) parties.postgres += cpuSecondsOf(pid);
  for (const [name, pid] of Object.entries(processes)) parties[name] = cpuSecondsOf(pid);
  return parties;
}

/** Milliseconds of CPU per request of each party between two readings. */
export function cpuMsPerRequest(before: CpuParties, after: CpuParties, requests: number): CpuParties {
  return Object.fromEntries(
    Object.keys(after).map((name) => [name, requests > 0 ? Math.round(((after[name] - before[name]) * 1000 * 100) / requests) / 100 : 0]),
  );
}
