import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The folder of the data directory where each process using its server has a file. */
export const USERS_FOLDER = 'server-users';

/**
 * The processes of ours using an embedded server: `npm start`, a script beside it, a second role.
 * Each has a file in the data directory's `server-users` folder while it uses the server, named by
 * its pid and a token (two uses in one process are two users), holding the process's start time, so
 * that a pid the system has given to another process since is not taken for a user. The last user
 * to end stops the server, whichever process started it: the one that started it may end first
 * (a rebuild run before `npm start`, then finished while the API still answers).
 */
export class ServerUsers {
  private readonly folder: string;

  constructor(dataDir: string) {
    this.folder = path.join(dataDir, USERS_FOLDER);
  }

  /** Records this process as a user; the name to leave with. */
  join(): string {
    fs.mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    const name = `${process.pid}-${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(path.join(this.folder, name), startTime(process.pid), { mode: 0o600 });
    return name;
  }

  leave(name: string): void {
    fs.rmSync(path.join(this.folder, name), { force: true });
  }

  /** The pids of the users still alive but `except` (a process killed with -9 left its file: removed here). */
  othersAlive(except?: string): number[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.folder);
    } catch {
      return [];
    }
    const alive: number[] = [];
    for (const name of names) {
      if (name === except) continue;
      const file = path.join(this.folder, name);
      const pid = Number(name.split('-')[0]);
      const recorded = readOrEmpty(file);
      if (pid > 0 && recorded !== '' && startTime(pid) === recorded) alive.push(pid);
      else fs.rmSync(file, { force: true });
    }
    return alive;
  }
}

/**
 * The process's start time in clock ticks since boot (/proc/<pid>/stat, field 22): with the pid, it
 * names one process for as long as the machine runs. '' when the process is gone (or not Linux).
 */
function startTime(pid: number): string {
  // "pid (comm) state ppid …": the command name may hold spaces and parentheses; field 22 is the 20th after it.
  const stat = readOrEmpty(`/proc/${pid}/stat`);
  return stat.split(')').at(-1)?.trim().split(' ')[19] ?? '';
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
