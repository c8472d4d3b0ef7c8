import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { EmbeddedPostgres, freePort } from '@app/platform';
import { complaint } from '../support/api-client';
import { projectionsCaughtUp } from '../support/projection-kit';
import { spawnServer, waitForStatus, type ServerProcess } from '../support/server-process';
import { TEST_UNITS_SEED } from '../support/test-units';
import { waitUntil } from '../support/wait';

/** Longest a request may take to be answered while the database is down: no hanging. */
const ANSWER_WITHIN_MS = 5_000;

/**
 * PostgreSQL goes away for a few seconds under load (a restart, a failover) and comes back. The
 * server must not hang or crash meanwhile: each request is answered 503 SERVICE_UNAVAILABLE with
 * Retry-After, promptly; once the database is back it serves again by itself, and the projector and
 * the deadline scheduler carry on from their checkpoints to the end of the log.
 */
describe('a database outage', () => {
  let dir: string;
  let pg: EmbeddedPostgres | undefined;
  let server: ServerProcess | undefined;
  let pool: Pool | undefined;
  let pgPort: number;
  const startPostgres = async () => (pg = await EmbeddedPostgres.start({ dataDir: path.join(dir, 'pg'), port: pgPort, durable: false }));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-outage-'));
    fs.chmodSync(dir, 0o755); // the embedded server runs as the postgres user when the tests run as root
    pgPort = await freePort();
    await startPostgres();
  }, 60_000);
  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await pool?.end();
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('is answered 503 with Retry-After while it lasts, and the server, projector and scheduler carry on after it', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = spawnServer({
      APP_ROLE: 'all',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: pg!.url(),
      UNITS_SEED_FILE: TEST_UNITS_SEED,
      RATE_LIMIT: 'off',
      LOG_LEVEL: 'warn',
      DEV_TOKEN_KEY_FILE: path.join(dir, 'dev-token-key.json'),
    });
    await waitForStatus(`${base}/health`, 200, 60_000, server);
    const intake = server.as({ sub: 'intake-wang', role: 'intake' });
    const file = async () => {
      const sent = Date.now();
      const response = await fetch(`${base}/api/v1/cases`, {
        method: 'POST',
        headers: { ...intake, 'Content-Type': 'application/json' },
        body: JSON.stringify(complaint({ title: '停电期间的投诉', receivedAt: '2026-11-30T09:00:00+08:00' })),
        signal: AbortSignal.timeout(30_000),
      });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: (await response.json()) as { code?: string },
        ms: Date.now() - sent,
      };
    };
    for (let i = 0; i < 5; i++) expect((await file()).status).toBe(201);

    // Under load, the database goes away.
    let load = true;
    const during: Array<Awaited<ReturnType<typeof file>>> = [];
    const sender = (async () => {
      while (load)
        during.push(await file().catch((error: Error) => ({ status: 0, retryAfter: null, body: { code: error.message }, ms: 0 })));
    })();
    await pg!.stop();
    const down = during.length;
    await waitUntil(() => during.length >= down + 10, { timeoutMs: 30_000, failure: 'requests hang while the database is down' });
    if (server.child.exitCode !== null || server.child.signalCode !== null)
      throw new Error(`the server died with the database:\n${server.output()}`);
    const health = await fetch(`${base}/health`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    expect(health.status).toBe(503);
    const whileDown = during.slice(down);
    expect(whileDown.map((r) => ({ status: r.status, code: r.body.code, retryAfter: r.retryAfter }))).toEqual(
      whileDown.map(() => ({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: expect.stringMatching(/^\d+$/) })),
    );
    expect(Math.max(...whileDown.map((r) => r.ms))).toBeLessThan(ANSWER_WITHIN_MS);

    // It comes back: the server serves again by itself, without a restart.
    await startPostgres();
    await waitUntil(() => during.some((r, i) => i > down && r.status === 201), {
      timeoutMs: 30_000,
      failure: 'the server did not recover',
    });
    load = false;
    await sender;
    expect(server.child.exitCode).toBeNull();
    expect(during.filter((r) => r.status !== 201 && r.status !== 503)).toEqual([]); // no 500, no broken connection
    for (let i = 0; i < 5; i++) expect((await file()).status).toBe(201);

    // The projector and the scheduler resume from their checkpoints to the end of the log.
    pool = new Pool({ connectionString: pg!.url(), max: 2 });
    const store = new PostgresEventStore(pool, pg!.url());
    try {
      await waitUntil(() => projectionsCaughtUp(pool!, store), {
        timeoutMs: 30_000,
        intervalMs: 100,
        failure: 'the read models did not catch up',
      });
      await waitUntil(
        async () => {
          const { rows } = await pool!.query(
            `SELECT (SELECT position FROM scheduler_checkpoints WHERE name = 'deadline-scheduler') >= (SELECT max(global_position) FROM events WHERE stream_id LIKE 'case-%') AS fed`,
          );
          return rows[0].fed === true;
        },
        { timeoutMs: 30_000, intervalMs: 100, failure: 'the deadline scheduler did not catch up' },
      );
    } finally {
      await store.close();
    }
    expect(server.output()).not.toMatch(/"level":60/); // nothing fatal
  }, 120_000);
});
