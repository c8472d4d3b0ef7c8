import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@app/platform';
import { createTestDatabase, databaseActivity, type TestDatabase } from '../support/test-database';
import { processesMentioning, spawnServer, waitForStatus, type ServerProcess } from '../support/server-process';
import { TEST_UNITS_SEED } from '../support/test-units';
import { contractFetch, loadServedContract } from '../support/contract-fetch';
import { waitUntil } from '../support/wait';

const TOKEN_CLI = path.join(__dirname, '..', '..', 'dist/apps/server/src/cli/token.js');
const MIGRATE_CLI = path.join(__dirname, '..', '..', 'dist/apps/server/src/cli/migrate.js');
const ROOT = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

/**
 * The server as `npm start` runs it: built output, real processes, real signals.
 */
describe('starting and stopping the server', () => {
  describe('with no DATABASE_URL (embedded PostgreSQL)', () => {
    let dataDir: string;

    beforeAll(() => {
      dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cases-start-')), 'pg');
    });
    afterAll(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

    it.each([
      ['first start (initialises the data directory)', 'SIGINT' as const],
      ['second start (reuses the data directory)', 'SIGTERM' as const],
    ])(
      '%s answers /health 200, then %s stops it and leaves no postgres process',
      async (_, signal) => {
        const port = await freePort();
        const server = spawnServer({ PORT: String(port), EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) });
        const tookMs = await waitForStatus(`http://127.0.0.1:${port}/health`, 200, 60_000, server);
        expect(tookMs).toBeLessThan(60_000);
        expect(processesMentioning(dataDir).length).toBeGreaterThan(0);

        server.child.kill(signal);
        expect(await server.exited).toEqual({ code: 0, signal: null });
        expect(processesMentioning(dataDir)).toEqual([]);
        // A clean stop logs no error (connections closed before the embedded server stops).
        expect(
          server
            .output()
            .split('\n')
            .filter((line) => /"level":(50|60)/.test(line)),
        ).toEqual([]);
        expect(fs.existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
      },
      90_000,
    );

    // SIGTERM, as a supervisor, `timeout` or `kill` send it; SIGINT takes the same path (130 instead of 143).
    it.each(['SIGTERM'] as const)(
      'a first start stopped by %s to its process alone while it makes the data directory: initdb stops with it, nothing half-made is kept, the next start just works',
      async (signal) => {
        // A folder of its own: the test is about a data directory not made yet.
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-first-start-'));
        const env = { EMBEDDED_PG_DIR: path.join(folder, 'pg'), EMBEDDED_PG_PORT: String(await freePort()) };
        try {
          const stopped = spawnServer({ ...env, PORT: String(await freePort()) });
          await waitUntil(() => processesMentioning(folder).some((pid) => commandOf(pid).includes('/initdb')), {
            timeoutMs: 60_000,
            intervalMs: 5,
            failure: `initdb was never seen running:\n${stopped.output()}`,
          });
          // As a supervisor, `timeout` or `kill` send it: not to the process group, as a terminal's Ctrl-C does.
          stopped.child.kill(signal);
          expect(await stopped.exited).toEqual({ code: 143, signal: null });
          expect(processesMentioning(folder)).toEqual([]);
          expect(stopped.output()).toContain(
            `\nStopped: interrupted by ${signal} while the embedded PostgreSQL's data directory ${env.EMBEDDED_PG_DIR} was being made: nothing of it was kept\n`,
          );
          expect(stopped.output()).not.toMatch(/^\s+at /m);
          // Nothing of a cluster: neither in the data directory (before, 22 entries and no password file) nor beside it.
          expect([fs.readdirSync(folder), fs.readdirSync(env.EMBEDDED_PG_DIR)]).toEqual([['pg'], []]);

          const port = await freePort();
          const next = spawnServer({ ...env, PORT: String(port) });
          await waitForStatus(`http://127.0.0.1:${port}/health`, 200, 60_000, next);
          next.child.kill('SIGTERM');
          expect(await next.exited).toEqual({ code: 0, signal: null });
          expect(processesMentioning(folder)).toEqual([]);
          // Beside the key, the tokens of the start (its stdout is a pipe, not a terminal: dev-tokens.ts).
          expect(fs.readdirSync(folder).sort()).toEqual(['dev-token-key.json', 'dev-tokens.txt', 'pg']);
        } finally {
          fs.rmSync(folder, { recursive: true, force: true });
        }
      },
      120_000,
    );

    it('after the server is killed with SIGKILL, the orphaned PostgreSQL is taken over by the next start', async () => {
      const env = { EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) };
      const port = await freePort();
      const crashed = spawnServer({ ...env, PORT: String(port) });
      await waitForStatus(`http://127.0.0.1:${port}/health`, 200, 60_000, crashed);
      crashed.child.kill('SIGKILL');
      await crashed.exited;
      const orphans = processesMentioning(dataDir);
      expect(orphans.length).toBeGreaterThan(0);

      const nextPort = await freePort();
      const next = spawnServer({ ...env, PORT: String(nextPort) });
      await waitForStatus(`http://127.0.0.1:${nextPort}/health`, 200, 60_000, next);
      expect(processesMentioning(dataDir).some((pid) => orphans.includes(pid))).toBe(false);
      next.child.kill('SIGINT');
      expect((await next.exited).code).toBe(0);
      expect(processesMentioning(dataDir)).toEqual([]);
    }, 120_000);

    it('a second start beside a running one says which port is taken, and leaves the first its database', async () => {
      const env = { EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) };
      const port = await freePort();
      const first = spawnServer({ ...env, PORT: String(port) });
      try {
        await waitForStatus(`http://127.0.0.1:${port}/health`, 200, 60_000, first);
        // The first's PostgreSQL, by the pid its postmaster wrote: a list of every process naming the
        // directory also caught, beside two busy CPU hogs, a short-lived one of the first's start.
        const postmaster = postmasterOf(dataDir);
        expect(processesMentioning(dataDir)).toContain(postmaster);

        const second = spawnServer({ ...env, PORT: String(port) });
        expect((await second.exited).code).toBe(1);
        expect(second.output()).toContain('is already running');
        expect(second.output()).toContain(
          `Startup failed: PORT ${port} on 127.0.0.1 is in use (EADDRINUSE): another server listens there (a second npm start?); stop it, or set PORT\n`,
        );
        // Before, the second start stopped the first one's PostgreSQL: /health then said 503.
        expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
        expect([postmasterOf(dataDir), processesMentioning(dataDir).includes(postmaster)]).toEqual([postmaster, true]);
      } finally {
        first.child.kill('SIGINT');
        expect((await first.exited).code).toBe(0);
      }
      expect(processesMentioning(dataDir)).toEqual([]);
    }, 120_000);

    it('an embedded PostgreSQL port taken by something else, or a data directory that cannot be made: one line saying which, no stack', async () => {
      const taken = net.createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const pgPort = (taken.address() as net.AddressInfo).port;
      try {
        const server = spawnServer({ EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), PORT: String(await freePort()) });
        expect((await server.exited).code).toBe(1);
        expect(server.output()).toContain(
          `\nStartup failed: Port ${pgPort} on 127.0.0.1 is in use: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL\n`,
        );
        expect(server.output()).not.toMatch(/^\s+at /m);
      } finally {
        taken.close();
      }
      const file = path.join(path.dirname(dataDir), 'a-file');
      fs.writeFileSync(file, '');
      // Its key file elsewhere: beside the data directory (spawnServer's default) it could not be made either.
      const keyFile = path.join(path.dirname(dataDir), 'dev-token-key.json');
      const server = spawnServer({ EMBEDDED_PG_DIR: path.join(file, 'pg'), DEV_TOKEN_KEY_FILE: keyFile, PORT: String(await freePort()) });
      expect((await server.exited).code).toBe(1);
      expect(server.output()).toMatch(
        new RegExp(`\nStartup failed: The embedded PostgreSQL's data directory ${file}/pg cannot be made: EEXIST`),
      );
    }, 60_000);

    it('--separate-processes runs API and projector as children and stops them all', async () => {
      const port = await freePort();
      const server = spawnServer({ PORT: String(port), EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) }, [
        '--separate-processes',
      ]);
      await waitForStatus(`http://127.0.0.1:${port}/health`, 200, 60_000, server);
      await waitUntil(() => server.output().includes('Projector started'), { timeoutMs: 10_000 });
      server.child.kill('SIGINT');
      expect((await server.exited).code).toBe(0);
      expect(processesMentioning(dataDir)).toEqual([]);
    }, 90_000);
  });

  describe('with DATABASE_URL', () => {
    let db: TestDatabase;
    beforeAll(async () => (db = await createTestDatabase()));
    afterAll(async () => db.drop());

    it('the first start on an empty database loads a demo year once; later starts add nothing', async () => {
      // An empty database of the run's shared cluster (no schema at all, as a new installation's):
      // what is tested is the first start on it, not the embedded server's initdb, which the tests
      // above already pay for.
      const empty = await createTestDatabase({ empty: true });
      // The test registry's 6 units, not the default seed's 158: the demo year's appraisal inputs,
      // one set per unit, took most of this test's time and say nothing about the first start.
      const env = { DATABASE_URL: empty.url, DEMO_ON_FIRST_START: '15', UNITS_SEED_FILE: TEST_UNITS_SEED };
      // The read model catches up with the demo's cases on its own: wait (with a deadline) until it
      // holds at least the demo's 15, then the count says whether a later start added any.
      const caseCount = async (server: ServerProcess, port: number) => {
        const headers = server.as({ sub: 'intake-wang', role: 'intake' });
        const items = async () => {
          const response = await fetch(`http://127.0.0.1:${port}/api/v1/cases?limit=100`, { headers });
          return response.status === 200 ? ((await response.json()) as { items: unknown[] }).items.length : 0;
        };
        return waitUntil(async () => ((await items()) >= 15 ? items() : 0), {
          timeoutMs: 60_000,
          intervalMs: 200,
          failure: 'the demo cases did not reach the case list within 60 s',
        });
      };
      let server: ServerProcess | undefined;
      try {
        for (const expected of ['loaded', 'kept'] as const) {
          const port = await freePort();
          server = spawnServer({ ...env, PORT: String(port) });
          await waitForStatus(`http://127.0.0.1:${port}/health`, 200, 120_000, server, () => databaseActivity(empty.name));
          expect(await caseCount(server, port)).toBe(15);
          expect(server.output().includes('loading a demo year')).toBe(expected === 'loaded');
          server.child.kill('SIGTERM');
          expect(await server.exited).toEqual({ code: 0, signal: null });
        }
      } finally {
        if (server?.child.exitCode === null && server.child.signalCode === null) {
          server.child.kill('SIGKILL');
          await server.exited;
        }
        await empty.drop();
      }
    }, 240_000);

    it('Ctrl-C during the first-start demo: its requests are answered, one line says what stays, exit 130', async () => {
      const empty = await createTestDatabase({ empty: true });
      const env = { DATABASE_URL: empty.url, DEMO_ON_FIRST_START: '2000', UNITS_SEED_FILE: TEST_UNITS_SEED };
      const server = spawnServer({ ...env, PORT: String(await freePort()) });
      try {
        await waitUntil(() => server.output().includes('cases filed'), {
          timeoutMs: 120_000,
          intervalMs: 50,
          failure: `the first-start demo did not get to its first month:\n${server.output()}`,
        });
        server.child.kill('SIGINT');
        expect(await server.exited).toEqual({ code: 130, signal: null });
        expect(server.output()).toContain(
          '\nStopped: interrupted by SIGINT during the first-start demo: the cases recorded so far stay, and the next start plays none\n',
        );
        // No request of the demo cut off by the database going away (503s, connection errors), no stack.
        expect(server.output()).not.toMatch(/"level":50/);
        expect(server.output()).not.toMatch(/^\s+at /m);
        const filed = await empty.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'ComplaintFiled'`);
        expect(filed.rows[0].n).toBeGreaterThan(0);
        expect(filed.rows[0].n).toBeLessThan(2000);
      } finally {
        if (server.child.exitCode === null && server.child.signalCode === null) {
          server.child.kill('SIGKILL');
          await server.exited;
        }
        await empty.drop();
      }
    }, 180_000);

    it('uses that database and serves the OpenAPI document and Swagger UI (on the management port)', async () => {
      const [port, managementPort] = [await freePort(), await freePort()];
      const server = spawnServer({ PORT: String(port), MANAGEMENT_PORT: String(managementPort), DATABASE_URL: db.url, APP_ROLE: 'api' });
      try {
        await waitForStatus(`http://127.0.0.1:${port}/health`, 200, 30_000, server);
        const document = (await (await fetch(`http://127.0.0.1:${managementPort}/docs-json`)).json()) as { openapi: string; paths: object };
        expect(document.openapi).toMatch(/^3\./);
        expect(Object.keys(document.paths)).toContain('/health');
        expect((await fetch(`http://127.0.0.1:${managementPort}/docs`)).status).toBe(200);
        const line = server
          .output()
          .split('\n')
          .find((l) => l.includes('API listening'));
        expect(JSON.parse(line!)).toMatchObject({ level: 30, msg: expect.stringContaining(`${port}`) });
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    }, 60_000);

    // The development issuer's POST /api/v1/sign-in/dev-token hands a token of any role to whoever reaches
    // the port: before, `npm start` offered it on every interface.
    it.each([
      [
        'HOST unset, without OIDC_ISSUER (the development issuer)',
        {},
        'on this machine only (127.0.0.1: HOST is unset and there is no OIDC_ISSUER',
        ['127.0.0.1'],
      ],
      [
        'HOST unset, with OIDC_ISSUER',
        { OIDC_ISSUER: 'https://idp.example/realms/cases', OIDC_AUDIENCE: 'cases' },
        'on every interface',
        ['0.0.0.0', '::'],
      ],
      ['HOST=0.0.0.0, without OIDC_ISSUER', { HOST: '0.0.0.0' }, 'on every interface', ['0.0.0.0']],
    ])(
      '%s: the API listens, and its start line says, where README says',
      async (_, env, said, listening) => {
        const port = await freePort();
        const server = spawnServer({ PORT: String(port), DATABASE_URL: db.url, APP_ROLE: 'api', ...env });
        try {
          await waitForStatus(`http://127.0.0.1:${port}/health`, 200, 30_000, server);
          const line = server
            .output()
            .split('\n')
            .find((l) => l.includes('API listening'));
          expect(JSON.parse(line!).msg).toContain(`:${port} (role api), ${said}`);
          // What the kernel has it listen on, not only what the server says.
          const addresses = listeningAddresses(port);
          expect(addresses).toHaveLength(1);
          expect(listening).toContain(addresses[0]);
        } finally {
          server.child.kill('SIGTERM');
          await server.exited;
        }
      },
      60_000,
    );

    it('signs in with the development issuer: a token per role in a file of its own (stdout not a terminal), none accepted without one, `npm run token` for more', async () => {
      const [port, managementPort] = [await freePort(), await freePort()];
      const server = spawnServer({
        PORT: String(port),
        HOST: '127.0.0.1',
        MANAGEMENT_PORT: String(managementPort),
        DATABASE_URL: db.url,
        APP_ROLE: 'api',
      });
      const api = `http://127.0.0.1:${port}`;
      const management = `http://127.0.0.1:${managementPort}`;
      try {
        await waitForStatus(`${api}/health`, 200, 30_000, server);
        // The API's answers below are checked against the document this server serves, as in-process ones are.
        await loadServedContract(management);
        await waitUntil(() => server.output().includes('Try: curl'), { timeoutMs: 10_000 });
        expect(server.output()).toContain(
          `API listening on ${api} (role api), on this machine only (127.0.0.1); Swagger UI at ${management}/docs`,
        );
        // Its stdout is a pipe, not a terminal: the tokens go to a file readable by its owner only,
        // beside the key, and the output (a log, were it redirected to one) names the file and holds none.
        const tokensFile = path.join(path.dirname(server.keyFile), 'dev-tokens.txt');
        expect(server.output()).toContain(`stdout is not a terminal, so they are in ${tokensFile} (readable by its owner only), not here.`);
        expect(server.output()).not.toMatch(/ey[\w-]+\.ey[\w-]+\.[\w-]+/);
        expect(fs.statSync(tokensFile).mode & 0o777).toBe(0o600);
        // Written as "  <role>  <token>": one per role, the unit user's for a unit of the seeded registry.
        const printed = new Map(
          [...fs.readFileSync(tokensFile, 'utf8').matchAll(/^ {2}(\w+(?: \([\w-]+\))?) +(ey[\w-]+\.[\w-]+\.[\w-]+)$/gm)].map((m) => [
            m[1],
            m[2],
          ]),
        );
        expect([...printed.keys()]).toEqual(['intake', 'unit (dept-scjgj)', 'discipline', 'dashboard', 'admin']);
        for (const [label, token] of printed) {
          const response = await contractFetch(`${api}/api/v1/health/details`, { headers: { Authorization: `Bearer ${token}` } });
          expect([label, response.status]).toEqual([label, ['discipline', 'admin'].includes(label) ? 200 : 403]);
        }
        const anonymous = await contractFetch(`${api}/api/v1/admin/time-limits`);
        expect(anonymous.status).toBe(401);
        expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="complaint-cases"');
        expect(fs.statSync(server.keyFile).mode & 0o777).toBe(0o600);

        const keyEnv = { env: { ...process.env, DEV_TOKEN_KEY_FILE: server.keyFile } };
        const token = await run('node', [TOKEN_CLI, '--role', 'unit', '--unit', 'dept-scjgj', '--sub', 'someone', '--ttl', '10m'], keyEnv);
        const claims = JSON.parse(Buffer.from(token.stdout.trim().split('.')[1], 'base64url').toString());
        expect(claims).toMatchObject({ sub: 'someone', roles: ['unit'], unit_id: 'dept-scjgj' });
        expect(claims.exp - claims.iat).toBe(600);
        const headers = { Authorization: `Bearer ${token.stdout.trim()}` };
        expect((await contractFetch(`${api}/api/v1/admin/time-limits`, { headers })).status).toBe(200);
        // A unit no one registered: `npm run token` opens no database to know, the API refuses the token.
        const unregistered = await run('node', [TOKEN_CLI, '--role', 'unit', '--unit', 'dept-x'], keyEnv);
        const refused = await contractFetch(`${api}/api/v1/admin/time-limits`, {
          headers: { Authorization: `Bearer ${unregistered.stdout.trim()}` },
        });
        expect({ status: refused.status, code: ((await refused.json()) as { code: string }).code }).toEqual({
          status: 401,
          code: 'TOKEN_CLAIMS_INVALID',
        });
        // A subject the system records its own acts under: refused as bad usage, no token made.
        for (const sub of ['deadline-scheduler', 'cli:root', 'system:unit-seeder', 'projections-cli:ops']) {
          await expect(run('node', [TOKEN_CLI, '--role', 'discipline', '--sub', sub], keyEnv)).rejects.toMatchObject({
            code: 64,
            stdout: '',
            stderr: expect.stringContaining(`--sub ${sub} is reserved for the system's own acts`),
          });
        }
        await expect(run('node', [TOKEN_CLI, '--role', 'unit'], { env: process.env })).rejects.toMatchObject({
          code: 64,
          stderr: expect.stringContaining('--unit <id> is required'),
        });
        const oidc = { ...process.env, OIDC_ISSUER: 'https://idp.example/realms/x', OIDC_AUDIENCE: 'cases' };
        await expect(run('node', [TOKEN_CLI, '--role', 'intake'], { env: oidc })).rejects.toMatchObject({ code: 1 });

        // Swagger UI, its document and the metrics are on the management port only; it passes API calls on, signed in or not.
        for (const path of ['/docs', '/docs-json', '/metrics']) {
          expect([path, (await contractFetch(`${api}${path}`)).status]).toEqual([path, 404]);
          expect([path, (await fetch(`${management}${path}`)).status]).toEqual([path, 200]);
        }
        expect((await fetch(`${management}/api/v1/admin/time-limits`, { headers })).status).toBe(200);
        expect((await fetch(`${management}/api/v1/admin/time-limits`)).status).toBe(401);
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    }, 60_000);
  });

  describe('with bad configuration', () => {
    const badFiles = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-bad-config-'));
    afterAll(() => fs.rmSync(badFiles, { recursive: true, force: true }));
    function badFile(name: string, content: string): string {
      fs.writeFileSync(path.join(badFiles, name), content);
      return path.join(badFiles, name);
    }

    it.each([
      ['PORT', { PORT: 'eighty' }],
      ['DATABASE_URL', { DATABASE_URL: 'mysql://nope' }],
      ['EVENT_STORE', { EVENT_STORE: 'mongodb' }],
      ['KURRENTDB_URL', { EVENT_STORE: 'kurrentdb' }],
      ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
      ['APP_ROLE', { APP_ROLE: 'everything' }],
      ['OIDC_ISSUER', { NODE_ENV: 'production' }],
      ['COMPLAINANT_MASTER_KEYS', { NODE_ENV: 'production', OIDC_ISSUER: 'https://idp.example/realms/cases', OIDC_AUDIENCE: 'cases' }],
      ['OIDC_AUDIENCE', { OIDC_ISSUER: 'https://idp.example/realms/cases' }],
      ['HOST', { HOST: 'every interface' }],
      ['MANAGEMENT_PORT', { MANAGEMENT_PORT: 'on' }],
      ['UNITS_SEED_FILE', { UNITS_SEED_FILE: '/nonexistent' }],
      ['UNITS_SEED_FILE', { UNITS_SEED_FILE: badFile('seed-not-json', '{"units": [') }],
      ['UNITS_SEED_FILE', { UNITS_SEED_FILE: os.tmpdir() }],
      ['DEV_TOKEN_KEY_FILE', { DEV_TOKEN_KEY_FILE: badFile('dev-key-not-json', '{bad') }],
      ['DEV_TOKEN_KEY_FILE', { DEV_TOKEN_KEY_FILE: os.tmpdir() }],
      ['COMPLAINANT_MASTER_KEY_FILE', { COMPLAINANT_MASTER_KEY_FILE: badFile('master-keys-empty', '{"keys":[]}') }],
      ['AUDIT_SIGNING_KEY_FILE', { AUDIT_SIGNING_KEY_FILE: 'package.json' }],
      ['AUDIT_VERIFY_KEY_FILE', { AUDIT_VERIFY_KEY_FILE: badFile('verify-key-not-pem', '-----BEGIN PUBLIC KEY-----\nbad\n') }],
      // localhost beside 127.0.0.1 and the other overlapping hosts: config.spec.ts.
      ['MANAGEMENT_PORT', { PORT: '3927', MANAGEMENT_PORT: '3927' }],
    ])('%s: exits non-zero with one line naming the variable, before touching any database', async (variable, env) => {
      const server = spawnServer({ ...env, EMBEDDED_PG_DIR: '/nonexistent/never-created' });
      const { code } = await server.exited;
      expect(code).toBe(78);
      const lines = server.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^Configuration error: ${variable}: `));
      expect(fs.existsSync('/nonexistent/never-created')).toBe(false);
    });

    // Other mistakes (an unknown option, a stray argument) take the same path: command-line.spec.ts.
    it.each([['a mistyped option', ['--separate-process'], `Unknown option '--separate-process'`]])(
      '`npm start` given %s: its usage on stderr, exit 64, before any database is started',
      async (_, args, said) => {
        const server = spawnServer({ EMBEDDED_PG_DIR: '/nonexistent/never-created' }, args);
        expect((await server.exited).code).toBe(64);
        expect(server.output()).toMatch(new RegExp(`^${said}`));
        expect(server.output()).toContain('\nusage: npm start [-- --separate-processes]');
        expect(server.output()).not.toContain('Starting embedded PostgreSQL');
        expect(fs.existsSync('/nonexistent/never-created')).toBe(false);
      },
    );

    it('`npm start -- --help`: its usage on stdout, exit 0', async () => {
      const server = spawnServer({ EMBEDDED_PG_DIR: '/nonexistent/never-created' }, ['--help']);
      expect((await server.exited).code).toBe(0);
      expect(server.output()).toMatch(/^usage: npm start \[-- --separate-processes\] {3}\(API and projector in one process/);
      expect(server.output().trim().split('\n')).toHaveLength(1);
    });

    // Every script reads it through loadConfig (config.ts): a script of the server and the projector's.
    it.each([
      ['audit', ['verify']],
      ['projections', ['rebuild', 'all']],
    ])(
      'a damaged AUDIT_SIGNING_KEY_FILE stops `npm run %s` too: exit 78, one line naming the variable and the file',
      async (script, args) => {
        const env = {
          ...process.env,
          AUDIT_SIGNING_KEY_FILE: path.join(ROOT, 'package.json'),
          EMBEDDED_PG_DIR: '/nonexistent/never-created',
        };
        const cli = path.join(ROOT, `dist/apps/server/src/cli/${script}.js`);
        const failed = await run('node', [cli, ...args], { env }).then(
          () => ({ code: 0, stdout: '', stderr: '' }),
          (error: { code: number; stdout: string; stderr: string }) => error,
        );
        expect({ code: failed.code, stdout: failed.stdout, stderr: failed.stderr }).toEqual({
          code: 78,
          stdout: '',
          stderr: `Configuration error: AUDIT_SIGNING_KEY_FILE: ${ROOT}/package.json is not an Ed25519 private key (PEM, PKCS #8): restore it from your copy, or name the right file\n`,
        });
      },
    );

    it.each([
      [
        'a name that does not resolve',
        'not..a..host',
        /^Startup failed: HOST not\.\.a\.\.host does not resolve \((ENOTFOUND|EAI_AGAIN)\): set HOST to a name or address of this machine, or leave it unset$/,
      ],
      [
        'an address not on this machine',
        '192.0.2.1',
        /^Startup failed: HOST 192\.0\.2\.1 is not an address of this machine \(EADDRNOTAVAIL\): /,
      ],
    ])(
      'HOST %s: exits 1 with one line naming HOST, no stack',
      async (_, host, said) => {
        const db = await createTestDatabase();
        try {
          const server = spawnServer({ DATABASE_URL: db.url, HOST: host, PORT: String(await freePort()) });
          expect((await server.exited).code).toBe(1);
          const refusal = server
            .output()
            .split('\n')
            .filter((line) => line.startsWith('Startup failed'));
          expect(refusal).toEqual([expect.stringMatching(said)]);
          expect(server.output()).not.toMatch(/^\s+at /m);
        } finally {
          await db.drop();
        }
      },
      60_000,
    );

    /** The test cluster's URL for `database` as `user` with `password` ('' for none). */
    function clusterUrl(user: string, password: string, database: string): string {
      const url = new URL(process.env.TEST_PG_ADMIN_URL!);
      url.username = user;
      url.password = password;
      url.pathname = `/${database}`;
      return url.toString();
    }

    it.each([
      [
        'a password the server refuses',
        { DATABASE_URL: clusterUrl('postgres', 'not-the-password', 'postgres') },
        'DATABASE_URL (HOST:PORT/postgres as postgres): the server refused the password (28P01): check the URL’s user and password',
      ],
      [
        'no password where the server asks for one',
        { DATABASE_URL: clusterUrl('postgres', '', 'postgres') },
        'DATABASE_URL (HOST:PORT/postgres as postgres): the server asks for a password and the URL has none',
      ],
      [
        'the owner’s URL refused, the application’s fine',
        { DATABASE_URL: process.env.TEST_PG_ADMIN_URL!, DATABASE_MIGRATION_URL: clusterUrl('owner', 'not-the-password', 'postgres') },
        'DATABASE_MIGRATION_URL (HOST:PORT/postgres as owner): the server refused the password (28P01): check the URL’s user and password',
      ],
    ])('%s: exits 1 with one line naming the variable, its server and user, never the password', async (_, env, said) => {
      const { hostname, port } = new URL(process.env.TEST_PG_ADMIN_URL!);
      const server = spawnServer({ ...env, PORT: String(await freePort()) });
      expect((await server.exited).code).toBe(1);
      const refusal = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('Startup failed'));
      expect(refusal).toEqual([`Startup failed: ${said.replace('HOST:PORT', `${hostname}:${port || '5432'}`)}`]);
      expect(server.output()).not.toContain('not-the-password');
      expect(server.output()).not.toMatch(/^\s+at /m); // no stack
    });

    it('DATABASE_URL as the application role without DATABASE_MIGRATION_URL: the start and `npm run migrate` say to set it, in one line', async () => {
      const db = await createTestDatabase();
      try {
        const { hostname, port } = new URL(db.appUrl);
        const said =
          `DATABASE_URL (${hostname}:${port || '5432'}/${db.name} as cases_app): the role cases_app cannot run the migrations ` +
          `(the schema is another role's): set DATABASE_MIGRATION_URL to the schema owner's URL (DATABASE_URL stays the application's)`;
        const server = spawnServer({ DATABASE_URL: db.appUrl, PORT: String(await freePort()) });
        expect((await server.exited).code).toBe(1);
        expect(
          server
            .output()
            .split('\n')
            .filter((line) => line.startsWith('Startup failed')),
        ).toEqual([`Startup failed: ${said}`]);
        expect(server.output()).not.toMatch(/^\s+at /m);

        const migrate = await run('node', [MIGRATE_CLI], { env: { ...process.env, DATABASE_URL: db.appUrl, LOG_LEVEL: 'error' } }).then(
          () => ({ code: 0, stderr: '' }),
          (error: { code: number; stderr: string }) => error,
        );
        expect({ code: migrate.code, stderr: migrate.stderr }).toEqual({ code: 1, stderr: `Migration failed: ${said}\n` });
      } finally {
        await db.drop();
      }
    }, 60_000);
  });
});

/** The local addresses of the TCP sockets listening on `port` (Linux /proc/net/tcp and tcp6). */
function listeningAddresses(port: number): string[] {
  const addresses: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(file)) continue;
    for (const row of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [local, , state] = row.trim().split(/\s+/).slice(1);
      if (!local || state !== '0A') continue; // 0A: LISTEN
      const [hex, portHex] = local.split(':');
      if (parseInt(portHex, 16) !== port) continue;
      addresses.push(hex.length === 8 ? ipv4(hex) : ipv6(hex));
    }
  }
  return addresses;
}

/** /proc's IPv4 address: 4 bytes in host (little-endian) order. */
function ipv4(hex: string): string {
  return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
}

/** /proc's IPv6 address: four 32-bit words, each little-endian; only what the test tells apart (::, ::1, or the whole). */
function ipv6(hex: string): string {
  if (/^0+$/.test(hex)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  return hex;
}

/** The pid of the PostgreSQL running on `dataDir`, from the first line of its postmaster.pid. */
function postmasterOf(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** A process's command line, its arguments joined by spaces ('' once it has ended). */
function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}
