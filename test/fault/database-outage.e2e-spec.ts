import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { EmbeddedPostgres, endPool, freePort } from '@app/platform';
import { complaint } from '../support/api-client';
import { projectionsCaughtUp } from '../support/projection-kit';
import { contractFetch, loadServedContract } from '../support/contract-fetch';
import { spawnServer, waitForStatus, type ServerProcess } from '../support/server-process';
import { TEST_UNITS_SEED } from '../support/test-units';
import { waitUntil } from '../support/wait';

/** Longest a request may take to be answered while the database is down: no hanging. */
const ANSWER_WITHIN_MS = 5_000;
/** How long the database stays down at least ("a few seconds"). */
const OUTAGE_MS = 3_000;
/** Longest the load may run, whatever happens to the test: it can never outlive it. */
const LOAD_DEADLINE_MS = 90_000;

interface Answer {
  /** When the request was sent and answered (Date.now()). */
  sentAt: number;
  answeredAt: number;
  /** 0: no HTTP answer (connection refused or reset, or no answer within the abort timeout). */
  status: number;
  code?: string;
  retryAfter: string | null;
  caseId?: string;
}

/**
 * Complaints filed one after the other until stopped. It stops on every exit path: when told to
 * (stop() awaits the last request), when the server it sends to has exited, and at a deadline of its
 * own; a refused connection waits a little before the next try, so it never spins.
 */
class Load {
  readonly answers: Answer[] = [];
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(
    private readonly send: () => Promise<Answer>,
    private readonly server: ServerProcess,
  ) {
    this.done = this.run();
  }

  private async run(): Promise<void> {
    const deadline = Date.now() + LOAD_DEADLINE_MS;
    while (!this.stopped && Date.now() < deadline && this.server.child.exitCode === null && this.server.child.signalCode === null) {
      const answer = await this.send();
      this.answers.push(answer);
      if (answer.status === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }
}

/**
 * PostgreSQL goes away for a few seconds under load (a restart, a failover) and comes back. The
 * server must not hang or crash meanwhile: each request is answered 503 SERVICE_UNAVAILABLE with
 * Retry-After, promptly; once the database is back it serves again by itself, and the projector and
 * the deadline scheduler carry on from their checkpoints to the end of the log.
 *
 * The PostgreSQL stopped is this file's own (not the run's shared one), and nothing of this test
 * process is connected to it when it stops: the only pool here is opened after the outage, carries
 * error handlers, and is closed (endPool waits for its connections to go) before the server stops.
 */
describe('a database outage', () => {
  let dir: string;
  let pgPort: number;
  let pg: EmbeddedPostgres | undefined;
  let server: ServerProcess | undefined;
  let load: Load | undefined;
  let pool: Pool | undefined;
  const startPostgres = async () => (pg = await EmbeddedPostgres.start({ dataDir: path.join(dir, 'pg'), port: pgPort, durable: false }));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-outage-'));
    fs.chmodSync(dir, 0o755); // the embedded server runs as the postgres user when the tests run as root
    pgPort = await freePort();
    await startPostgres();
  }, 60_000);

  // In this order on every path: the load, the server, this process's pool, then PostgreSQL.
  afterAll(async () => {
    await load?.stop();
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGTERM');
      const killer = setTimeout(() => server!.child.kill('SIGKILL'), 10_000);
      await server.exited;
      clearTimeout(killer);
    }
    if (pool) await endPool(pool);
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('is answered 503 with Retry-After while it lasts, and the server, projector and scheduler carry on after it', async () => {
    const [port, managementPort] = [await freePort(), await freePort()];
    const base = `http://127.0.0.1:${port}`;
    const running = spawnServer({
      APP_ROLE: 'all',
      PORT: String(port),
      MANAGEMENT_PORT: String(managementPort),
      HOST: '127.0.0.1',
      DATABASE_URL: pg!.url(),
      UNITS_SEED_FILE: TEST_UNITS_SEED,
      RATE_LIMIT: 'off',
      LOG_LEVEL: 'warn',
      DEV_TOKEN_KEY_FILE: path.join(dir, 'dev-token-key.json'),
    });
    server = running;
    await waitForStatus(`${base}/health`, 200, 60_000, running);
    // Every answer is checked against the document the server serves (a violation shows as the answer's code).
    await loadServedContract(`http://127.0.0.1:${managementPort}`);
    const intake = running.as({ sub: 'intake-wang', role: 'intake' });
    const file = async (): Promise<Answer> => {
      const sentAt = Date.now();
      try {
        const response = await contractFetch(`${base}/api/v1/cases`, {
          method: 'POST',
          headers: { ...intake, 'Content-Type': 'application/json' },
          body: JSON.stringify(complaint({ title: '停电期间的投诉', receivedAt: '2026-11-30T09:00:00+08:00' })),
          signal: AbortSignal.timeout(2 * ANSWER_WITHIN_MS),
        });
        const body = (await response.json()) as { code?: string; id?: string };
        const answer = { sentAt, answeredAt: Date.now(), status: response.status, retryAfter: response.headers.get('retry-after') };
        return { ...answer, code: body.code, caseId: response.status === 201 ? body.id : undefined };
      } catch (error) {
        return { sentAt, answeredAt: Date.now(), status: 0, code: (error as Error).message, retryAfter: null };
      }
    };
    const serverAlive = (): undefined => {
      if (running.child.exitCode !== null || running.child.signalCode !== null) throw new Error(`the server died:\n${running.output()}`);
    };
    for (let i = 0; i < 3; i++) expect((await file()).status).toBe(201);

    // Under load, the database goes away for a few seconds.
    load = new Load(file, running);
    await waitUntil(() => load!.answers.some((a) => a.status === 201), { timeoutMs: 10_000, failure: 'no load before the outage' });
    await pg!.stop();
    const downAt = Date.now();
    const answeredWhileDown = () => load!.answers.filter((a) => a.sentAt >= downAt);
    await waitUntil(() => serverAlive() ?? (answeredWhileDown().length >= 10 && Date.now() - downAt >= OUTAGE_MS), {
      timeoutMs: 30_000,
      failure: 'requests hang while the database is down',
    });
    serverAlive();
    const health = await contractFetch(`${base}/health`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    expect(health.status).toBe(503);
    const restartAt = Date.now();
    // Requests sent and answered wholly within the outage: each a prompt 503 that says when to retry.
    const whileDown = load.answers.filter((a) => a.sentAt >= downAt && a.answeredAt < restartAt);
    expect(whileDown.length).toBeGreaterThanOrEqual(10);
    expect(whileDown.map((a) => ({ status: a.status, code: a.code, retryAfter: a.retryAfter }))).toEqual(
      whileDown.map(() => ({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: expect.stringMatching(/^\d+$/) })),
    );
    expect(Math.max(...whileDown.map((a) => a.answeredAt - a.sentAt))).toBeLessThan(ANSWER_WITHIN_MS);

    // It comes back: the same server process serves again by itself.
    await startPostgres();
    const upAt = Date.now();
    await waitUntil(() => serverAlive() ?? load!.answers.some((a) => a.sentAt >= upAt && a.status === 201), {
      timeoutMs: 30_000,
      failure: 'the server did not recover',
    });
    await load.stop();
    serverAlive();
    // Through it all, each request was answered: created or 503, never a 500 or a broken connection.
    expect(load.answers.filter((a) => a.status !== 201 && a.status !== 503)).toEqual([]);
    expect((await file()).status).toBe(201);

    // Every acknowledged complaint is in the log, and the projector and the scheduler resume from
    // their checkpoints to the end of it.
    pool = new Pool({ connectionString: pg!.url(), max: 2 });
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    const acknowledged = load.answers.flatMap((a) => (a.caseId ? [`case-${a.caseId}`] : []));
    const { rows: stored } = await pool.query<{ stream_id: string }>('SELECT DISTINCT stream_id FROM events WHERE stream_id = ANY($1)', [
      acknowledged,
    ]);
    expect(stored.length).toBe(acknowledged.length);
    const store = new PostgresEventStore(pool, pg!.url());
    try {
      await waitUntil(() => projectionsCaughtUp(pool!, store), {
        timeoutMs: 60_000,
        intervalMs: 200,
        failure: 'the read models did not catch up',
      });
    } finally {
      await store.close();
    }
    await waitUntil(
      async () => {
        const { rows } = await pool!.query(
          `SELECT (SELECT position FROM scheduler_checkpoints WHERE name = 'deadline-scheduler') >= (SELECT max(global_position) FROM events WHERE stream_id LIKE 'case-%') AS fed`,
        );
        return rows[0].fed === true;
      },
      { timeoutMs: 60_000, intervalMs: 200, failure: 'the deadline scheduler did not catch up' },
    );
    expect(running.output()).not.toMatch(/"level":60/); // nothing fatal
    if (process.env.OUTAGE_STATS) {
      // For the README's fault table: OUTAGE_STATS=1 npx jest test/fault/database-outage
      const slowest = Math.max(...whileDown.map((a) => a.answeredAt - a.sentAt));
      const counts = { created: acknowledged.length, during: whileDown.length, slowestMs: slowest, outageMs: upAt - downAt };
      process.stderr.write(`database outage: ${JSON.stringify(counts)}\n`);
    }
  }, 180_000);
});
