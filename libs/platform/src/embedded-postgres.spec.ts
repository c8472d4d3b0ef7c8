import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { adminQuery as sql } from '../../../test/support/test-database';
import { waitUntil } from '../../../test/support/wait';
import { EmbeddedPostgres, freePort, SUPERUSER_PASSWORD_FILE } from './embedded-postgres';
import { USERS_FOLDER } from './embedded-postgres-users';

/** The SQLSTATE a login fails with, or 'ok'. */
async function login(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const withPassword = (url: string, password: string) => {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
};

/** Nobody on the machine can log in as the embedded server's superuser with a password they could guess. */
describe('the embedded PostgreSQL superuser', () => {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cases-embedded-pg-')), 'pg');
  const passwordFile = path.join(dataDir, SUPERUSER_PASSWORD_FILE);
  const readPassword = () => fs.readFileSync(passwordFile, 'utf8').trim();
  let port: number;
  let server: EmbeddedPostgres | undefined;
  const start = async (notices: string[] = []) => {
    server = await EmbeddedPostgres.start({ dataDir, port, durable: false, onNotice: (m) => notices.push(m) });
    return server;
  };
  const stop = async () => {
    await server?.stop();
    server = undefined;
  };

  beforeAll(async () => (port = await freePort()));
  afterEach(stop);
  afterAll(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  it('gets a password generated into its data directory, readable by its owner only; the former fixed one is refused', async () => {
    const pg = await start();
    const password = readPassword();
    expect(password).toMatch(/^[0-9a-f]{48}$/);
    expect(fs.statSync(passwordFile).mode & 0o777).toBe(0o600);
    expect(new URL(pg.url('postgres')).password).toBe(password);
    expect(await login(pg.url())).toBe('ok');
    expect(await login(withPassword(pg.url(), 'postgres'))).toBe('28P01');
    await stop();

    // The next start keeps it.
    const again = await start();
    expect(readPassword()).toBe(password);
    expect(await login(again.url())).toBe('ok');
  }, 120_000);

  it('replaces the former fixed password of a data directory made before, at its next start, and says so', async () => {
    // A data directory from before: its superuser has the fixed password, no file holds one.
    let pg = await start();
    await sql(pg.url(), "ALTER ROLE postgres WITH PASSWORD 'postgres'");
    await stop();
    fs.rmSync(passwordFile);

    const notices: string[] = [];
    pg = await start(notices);
    const password = readPassword();
    expect(password).toMatch(/^[0-9a-f]{48}$/);
    expect(await login(pg.url())).toBe('ok');
    expect(await login(withPassword(pg.url(), 'postgres'))).toBe('28P01');
    expect(notices).toEqual([expect.stringContaining(`the one generated into ${passwordFile}`)]);

    // A start that wrote the file but stopped before setting it: the next one sets the file's.
    await sql(pg.url(), "ALTER ROLE postgres WITH PASSWORD 'postgres'");
    await stop();
    pg = await start();
    expect(readPassword()).toBe(password);
    expect(await login(pg.url())).toBe('ok');
    expect(await login(withPassword(pg.url(), 'postgres'))).toBe('28P01');
  }, 120_000);

  it('refuses a data directory with no password file whose superuser refuses the former one, without making a file that is not its password', async () => {
    // What a first start of an earlier version left when a signal stopped it while initdb ran on.
    let pg = await start();
    await sql(pg.url(), "ALTER ROLE postgres WITH PASSWORD 'known-to-nobody'");
    await stop();
    fs.rmSync(passwordFile);

    for (const attempt of [1, 2]) {
      await expect(start()).rejects.toThrow(
        `The embedded PostgreSQL in ${dataDir} has no postgres.password and refuses the former fixed password: put its superuser's password in ${passwordFile}, ` +
          `or, if it holds nothing (a first start of an earlier version stopped while it made it), remove the directory`,
      );
      expect([attempt, fs.existsSync(passwordFile), fs.existsSync(path.join(dataDir, 'postmaster.pid'))]).toEqual([attempt, false, false]);
    }
    fs.writeFileSync(passwordFile, 'known-to-nobody\n', { mode: 0o600 });
    pg = await start();
    expect(await login(pg.url())).toBe('ok');
  }, 120_000);

  it('refuses to start, naming the file, when neither the file’s password nor the former one logs in, and leaves no server running', async () => {
    await start();
    await stop();
    fs.writeFileSync(passwordFile, 'not-the-password\n', { mode: 0o600 });

    await expect(start()).rejects.toThrow(`refuses the superuser's password in ${passwordFile}`);
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
    expect(await login(`postgres://postgres:x@127.0.0.1:${port}/postgres`)).toBe('ECONNREFUSED');
  }, 120_000);
});

/** A data directory is made whole (cluster and password file) or not at all: initdb runs beside it, and the result is renamed into place. */
describe('the embedded PostgreSQL data directory being made', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-embedded-pg-'));
  const dataDir = path.join(folder, 'pg');
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('removes what an unfinished making left beside it, and refuses a folder holding other files', async () => {
    // A start killed (-9) while initdb ran: its folder, named after a process that has ended.
    const unfinished = path.join(folder, '.pg.initdb-999999999');
    fs.mkdirSync(path.join(unfinished, 'base'), { recursive: true });
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'notes.txt'), 'not a cluster');

    await expect(EmbeddedPostgres.start({ dataDir, port: await freePort(), durable: false })).rejects.toThrow(
      `The embedded PostgreSQL's data directory ${dataDir} holds files but no cluster (no PG_VERSION; `,
    );
    expect([fs.readdirSync(folder), fs.readdirSync(dataDir)]).toEqual([['pg'], ['notes.txt']]);

    fs.rmSync(path.join(dataDir, 'notes.txt'));
    const server = await EmbeddedPostgres.start({ dataDir, port: await freePort(), durable: false });
    try {
      expect(await login(server.url())).toBe('ok');
      expect(fs.readdirSync(folder)).toEqual(['pg']);
      expect(fs.readdirSync(dataDir)).toEqual(expect.arrayContaining(['PG_VERSION', SUPERUSER_PASSWORD_FILE]));
    } finally {
      await server.stop();
    }
  }, 120_000);
});

/**
 * A second process on the same data directory while the first runs (`npm run demo`, `npm run
 * backup` or a second `npm start` beside `npm start`): it must not take the first one's database
 * away. A server whose process was killed (-9) is still stopped and started afresh.
 */
describe('the embedded PostgreSQL found running', () => {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cases-embedded-pg-')), 'pg');
  const servers: EmbeddedPostgres[] = [];
  const start = async (notices: string[] = []) => {
    const server = await EmbeddedPostgres.start({ dataDir, port: await freePort(), durable: false, onNotice: (m) => notices.push(m) });
    servers.push(server);
    return server;
  };
  const postmasterPid = () => Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

  afterEach(async () => {
    for (const server of servers.splice(0).reverse()) await server.stop();
  });
  afterAll(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  it('is shared while the process that started it lives, and left running when the second one stops', async () => {
    const first = await start();
    const pid = postmasterPid();
    const notices: string[] = [];
    const second = await start(notices);
    expect({ owned: second.owned, port: second.port }).toEqual({ owned: false, port: first.port });
    expect(notices).toEqual([
      `The embedded PostgreSQL in ${dataDir} is already running (pid ${pid}, used by process ${process.pid}): this process uses it too, and the last of them to end stops it`,
    ]);
    expect(await login(second.url())).toBe('ok');

    await second.stop();
    expect(postmasterPid()).toBe(pid);
    expect(await login(first.url())).toBe('ok');
    expect(first.owned).toBe(true);
  }, 120_000);

  it('is left running by the process that started it while another uses it, and stopped by the last user', async () => {
    // What each start hooks on the process (its Ctrl-C, its last resort at exit) goes with its stop:
    // a process that starts and stops servers again and again (a test file) gathers none.
    const hooks = () => ['exit', 'SIGINT', 'SIGTERM'].map((event) => process.listenerCount(event));
    const before = hooks();
    const notices: string[] = [];
    const first = await start(notices);
    const pid = postmasterPid();
    const second = await start();

    await first.stop();
    expect(notices).toEqual([`The embedded PostgreSQL is left running for process ${process.pid}, which uses it`]);
    expect(postmasterPid()).toBe(pid);
    expect(await login(second.url())).toBe('ok');

    await second.stop();
    await waitUntil(() => !isRunning(pid), { timeoutMs: 30_000, failure: 'the last user did not stop the server' });
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
    expect(hooks()).toEqual(before);
  }, 120_000);

  it('runs on when the process that started it ends while another uses it (a rebuild ending beside npm start)', async () => {
    const script = await processStarting();
    const pid = postmasterPid();
    const shared = await start();
    expect(shared.owned).toBe(false);

    script.child.kill('SIGINT'); // no shutdown of its own: its stop() leaves the server to us
    expect(await script.exited).toEqual({ code: 130, signal: null });
    expect(postmasterPid()).toBe(pid);
    expect(await login(shared.url())).toBe('ok');

    // Another process starting meanwhile shares it too: the server's parent is no longer Node, but it has a user.
    const third = await start();
    expect(third.owned).toBe(false);
    await third.stop();
    expect(await login(shared.url())).toBe('ok');

    await shared.stop();
    await waitUntil(() => !isRunning(pid), { timeoutMs: 30_000, failure: 'the last user did not stop the server' });
  }, 120_000);

  it('does not count the record of a user that has gone, nor of a pid given to another process since', async () => {
    const server = await start();
    const pid = postmasterPid();
    const folder = path.join(dataDir, USERS_FOLDER);
    fs.writeFileSync(path.join(folder, '999999999-gone'), '12345');
    fs.writeFileSync(path.join(folder, `${process.pid}-reused`), '1'); // this pid, but not this process's start time

    await server.stop();

    await waitUntil(() => !isRunning(pid), { timeoutMs: 30_000, failure: 'stale records kept the server running' });
    expect(fs.readdirSync(folder)).toEqual([]);
  }, 120_000);

  /** A Node process that starts the server on the data directory (then runs `then`) and stays up; its output and exit. */
  async function processStarting(then = '') {
    const script = `
      const { EmbeddedPostgres } = require(${JSON.stringify(path.resolve(__dirname, '../../../dist/libs/platform/src/embedded-postgres.js'))});
      EmbeddedPostgres.start({ dataDir: ${JSON.stringify(dataDir)}, port: ${await freePort()}, durable: false })
        .then((server) => { ${then}; process.stdout.write('ready\\n'); });
      setInterval(() => undefined, 1000);`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    await waitUntil(() => output.includes('ready'), { timeoutMs: 60_000, failure: 'the child never started its server' });
    return { child, exited, output: () => output };
  }

  it('is stopped with a process that has no shutdown of its own when Ctrl-C (SIGINT) ends it', async () => {
    const script = await processStarting();
    const server = postmasterPid();
    script.child.kill('SIGINT');
    expect(await script.exited).toEqual({ code: 130, signal: null });
    expect(isRunning(server)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
  }, 120_000);

  it('is left to the shutdown of a process that has one (npm start): stopped there, after its own work', async () => {
    const script = await processStarting(`process.on('SIGTERM', () => {
        process.stdout.write('own shutdown\\n');
        process.stdin.once('data', () => server.stop().then(() => process.exit(0)));
      })`);
    const server = postmasterPid();
    script.child.kill('SIGTERM');
    await waitUntil(() => script.output().includes('own shutdown'));
    expect(isRunning(server)).toBe(true); // its own shutdown has not stopped it yet
    script.child.stdin!.write('go\n'); // its work done, it stops the server itself
    expect(await script.exited).toEqual({ code: 0, signal: null });
    expect(isRunning(server)).toBe(false);
  }, 120_000);

  // The killed process's server is reparented to the machine's first process (not Node here; in a
  // container whose first process is Node it would be shared instead, see runningServer).
  it('is stopped and started afresh when the process that started it was killed', async () => {
    const { child, exited } = await processStarting();
    const orphan = postmasterPid();
    child.kill('SIGKILL');
    await exited;

    const notices: string[] = [];
    const server = await start(notices);
    expect(server.owned).toBe(true);
    expect(notices).toEqual([]);
    expect(postmasterPid()).not.toBe(orphan);
    expect(await login(server.url())).toBe('ok');
    expect(isRunning(orphan)).toBe(false);
  }, 120_000);
});

/** Whether a process of that pid exists (Linux: its /proc entry). */
const isRunning = (pid: number): boolean => fs.existsSync(`/proc/${pid}`);
