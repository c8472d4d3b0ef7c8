import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { processesMentioning, spawnServer, waitForStatus } from '../support/server-process';
import { waitUntil } from '../support/wait';

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

    it('the first start on an empty database loads a demo year once; later starts add nothing', async () => {
      const demoDir = fs.mkdtempSync(path.join(path.dirname(dataDir), 'demo-'));
      const env = { EMBEDDED_PG_DIR: path.join(demoDir, 'pg'), EMBEDDED_PG_PORT: String(await freePort()), DEMO_ON_FIRST_START: '15' };
      const caseCount = async (port: number) => {
        const headers = { 'X-Actor': 'intake-wang', 'X-Role': 'intake' };
        for (let i = 0; i < 100; i++) {
          const response = await fetch(`http://127.0.0.1:${port}/api/v1/cases?limit=100`, { headers });
          if (response.status === 200) {
            const items = ((await response.json()) as { items: unknown[] }).items;
            if (items.length > 0) return items.length;
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        return 0;
      };
      for (const expected of ['loaded', 'kept'] as const) {
        const port = await freePort();
        const server = spawnServer({ ...env, PORT: String(port) });
        await waitForStatus(`http://127.0.0.1:${port}/health`, 200, 120_000, server);
        expect(await caseCount(port)).toBe(15);
        expect(server.output().includes('loading a demo year')).toBe(expected === 'loaded');
        server.child.kill('SIGTERM');
        expect(await server.exited).toEqual({ code: 0, signal: null });
      }
    }, 240_000);

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

    it('uses that database and serves the OpenAPI document and Swagger UI', async () => {
      const port = await freePort();
      const server = spawnServer({ PORT: String(port), DATABASE_URL: db.url, APP_ROLE: 'api' });
      try {
        await waitForStatus(`http://127.0.0.1:${port}/health`, 200, 30_000, server);
        const document = (await (await fetch(`http://127.0.0.1:${port}/docs-json`)).json()) as { openapi: string; paths: object };
        expect(document.openapi).toMatch(/^3\./);
        expect(Object.keys(document.paths)).toContain('/health');
        expect((await fetch(`http://127.0.0.1:${port}/docs`)).status).toBe(200);
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
  });

  describe('with bad configuration', () => {
    it.each([
      ['PORT', { PORT: 'eighty' }],
      ['DATABASE_URL', { DATABASE_URL: 'mysql://nope' }],
      ['EVENT_STORE', { EVENT_STORE: 'mongodb' }],
      ['KURRENTDB_URL', { EVENT_STORE: 'kurrentdb' }],
      ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
      ['APP_ROLE', { APP_ROLE: 'everything' }],
    ])('%s: exits non-zero with one line naming the variable, before touching any database', async (variable, env) => {
      const server = spawnServer({ ...env, EMBEDDED_PG_DIR: '/nonexistent/never-created' });
      const { code } = await server.exited;
      expect(code).toBe(78);
      const lines = server.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^Configuration error: ${variable}: `));
      expect(fs.existsSync('/nonexistent/never-created')).toBe(false);
    });
  });
});
