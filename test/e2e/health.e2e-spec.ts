import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { createLogger, freePort, loadConfig } from '@app/platform';
import { REFUSAL_REASON_CHARS } from '@app/projections/runner/read-model-query';
import { createApiApp } from '../../apps/server/src';
import { ApiClient, complaint } from '../support/api-client';
import { as, startTestApi } from '../support/api-app';
import { TEST_UNITS_SEED } from '../support/test-units';
import { waitUntil } from '../support/wait';
import { createTestDatabase, logLockWaiters, type TestDatabase } from '../support/test-database';
import { testSigner } from '../support/tokens';

async function appOn(databaseUrl: string): Promise<INestApplication> {
  const config = { ...loadConfig({ APP_ROLE: 'api' }), databaseUrl };
  const app = await createApiApp(config, createLogger('silent'), { trustedIssuer: testSigner.issuer() });
  await app.init();
  return app;
}

/**
 * GET /health is public and says up or not, nothing more; the details (what is down, the read
 * models' lag) are at GET /api/v1/health/details for the admin and the discipline office.
 */
describe('health', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(async () => db.drop());

  it('is 200 with both components up when the database and event store answer', async () => {
    const app = await appOn(db.url);
    expect((await request(app.getHttpServer()).get('/health').expect(200)).body).toEqual({ status: 'ok' });
    const response = await request(app.getHttpServer()).get('/api/v1/health/details').set(as.admin).expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, eventStore: { status: 'up' } },
    });
    await app.close();
  });

  it('says degraded, and names the read model and why, while the projector refuses to build one; its queries say so too', async () => {
    // What the projector records when the log fails verification (projection-runner.ts; its spec
    // rebuild-integrity.spec.ts has it do so): here on a database whose read models nobody builds.
    const app = await appOn(db.url);
    const reason = 'the event log fails verification (1 failures; first: case-7 version 2 does not match its hash)';
    await db.pool.query(`INSERT INTO projection_build_refusals (name, reason) VALUES ('case-list', $1)`, [reason]);
    try {
      const http = request(app.getHttpServer());
      expect((await http.get('/health').expect(200)).body).toEqual({ status: 'degraded' });
      const details = (await http.get('/api/v1/health/details').set(as.admin).expect(200)).body;
      expect(details).toMatchObject({ status: 'degraded', refusedBuilds: [{ name: 'case-list', reason, since: expect.any(String) }] });
      const list = await http.get('/api/v1/cases').set(as.intake).expect(503);
      expect(list.headers['retry-after']).toBe('60');
      expect(list.body).toMatchObject({ code: 'PROJECTION_NOT_READY' });
      expect(list.body.detail).toContain(reason);
      // A read model merely not built yet still says so, and to ask again shortly.
      const overdue = await http.get('/api/v1/overdue').set(as.intake).expect(503);
      expect([overdue.headers['retry-after'], overdue.body.detail]).toEqual(['1', expect.stringContaining('retry shortly')]);
    } finally {
      await db.pool.query(`DELETE FROM projection_build_refusals`);
    }
    expect((await request(app.getHttpServer()).get('/health').expect(200)).body).toEqual({ status: 'ok' });
    await app.close();
  });

  it('lists only the read models the projector builds, each reason cut to a line: the application’s role can write the refusals', async () => {
    const app = await appOn(db.url);
    const long = `the event log fails verification (1 failures; first: ${'很长的原因'.repeat(400)})`;
    await db.pool.query(
      `INSERT INTO projection_build_refusals (name, reason)
       SELECT 'no-such-read-model-' || n, 'planted' FROM generate_series(1, 2000) AS n
       UNION ALL SELECT 'case-list', $1`,
      [long],
    );
    try {
      const details = (await request(app.getHttpServer()).get('/api/v1/health/details').set(as.admin).expect(200)).body;
      expect(details.refusedBuilds).toEqual([
        { name: 'case-list', reason: long.slice(0, REFUSAL_REASON_CHARS), since: expect.any(String) },
      ]);
    } finally {
      await db.pool.query(`DELETE FROM projection_build_refusals`);
      await app.close();
    }
  });

  it('says degraded, and names the read model and the event, while a read model is stopped on an event', async () => {
    // What the projector records as a handler fails on an event time after time (projection-stops.ts;
    // its spec has the runner do so): here on a database whose read models nobody builds.
    const app = await appOn(db.url);
    const http = request(app.getHttpServer());
    const stop = (attempts: number) =>
      db.pool.query(
        `INSERT INTO projection_stops (name, position, stream_id, stream_version, event_type, error, attempts)
         VALUES ('case-list', 42, 'case-7', 2, 'ComplaintAccepted', 'Error: the handler cannot take it', $1)
         ON CONFLICT (name) DO UPDATE SET attempts = $1`,
        [attempts],
      );
    try {
      await stop(1); // one failure, perhaps a lost connection: not stopped yet
      expect((await http.get('/health').expect(200)).body).toEqual({ status: 'ok' });
      await stop(3);
      expect((await http.get('/health').expect(200)).body).toEqual({ status: 'degraded' });
      const details = (await http.get('/api/v1/health/details').set(as.admin).expect(200)).body;
      expect(details).toMatchObject({
        status: 'degraded',
        stoppedReadModels: [
          {
            name: 'case-list',
            position: '42',
            streamId: 'case-7',
            streamVersion: 2,
            eventType: 'ComplaintAccepted',
            error: 'Error: the handler cannot take it',
            attempts: 3,
            since: expect.any(String),
          },
        ],
      });
    } finally {
      await db.pool.query(`DELETE FROM projection_stops`);
    }
    expect((await http.get('/health').expect(200)).body).toEqual({ status: 'ok' });
    await app.close();
  });

  it('is 503 naming what is down when the database cannot be reached', async () => {
    const app = await appOn(`postgres://postgres:postgres@127.0.0.1:${await freePort()}/nothing`);
    const down = await request(app.getHttpServer()).get('/health').expect(503);
    expect(down.body).toEqual({ status: 'unavailable' });
    // Like every 503 of the API, it says when to ask again.
    expect(down.headers['retry-after']).toMatch(/^\d+$/);
    const response = await request(app.getHttpServer()).get('/api/v1/health/details').set(as.discipline).expect(503);
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expect(response.body).toMatchObject({
      status: 'unavailable',
      checks: { database: { status: 'down' }, eventStore: { status: 'down' } },
    });
    expect(response.body.checks.database.error).toEqual(expect.any(String));
    await app.close();
  });

  it('with every connection of the pool held behind a lock taken elsewhere: other requests 503 after PG_POOL_WAIT_MS, health degraded, not down, and the held ones answered once it is gone', async () => {
    const api = await startTestApi({
      now: '2026-09-24T09:30:00+08:00',
      env: { UNITS_SEED_FILE: TEST_UNITS_SEED, PG_POOL_MAX: '2', PG_POOL_WAIT_MS: '300' },
    });
    const blocker = new Client({ connectionString: api.db.url });
    await blocker.connect();
    try {
      const caseId = await new ApiClient(api).file({ title: '锁前的投诉', receivedAt: '2026-09-24T09:00:00+08:00' });
      await blocker.query('BEGIN');
      // As a migration's ALTER TABLE on the log would: not even a read of it gets through.
      await blocker.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
      // Two reads of the case (its stream) take both connections and wait on the lock.
      const held = [1, 2].map(() =>
        api.http
          .get(`/api/v1/cases/${caseId}`)
          .set(as.intake)
          .then((response) => response),
      );
      await waitUntil(async () => (await logLockWaiters(api.db.pool)).waiting === 2, {
        timeoutMs: 20_000,
        failure: 'the reads did not reach the lock',
      });
      const waited = await api.http.get('/api/v1/cases').set(as.intake);
      expect([waited.status, waited.body.code, waited.headers['retry-after']]).toEqual([
        503,
        'SERVICE_UNAVAILABLE',
        expect.stringMatching(/^\d+$/),
      ]);
      expect((await api.http.get('/health').expect(200)).body).toEqual({ status: 'degraded' });
      const details = (await api.http.get('/api/v1/health/details').set(as.admin).expect(200)).body;
      expect(details).toMatchObject({ status: 'degraded', checks: { database: { status: 'up' } }, pool: { max: 2, total: 2, idle: 0 } });
      await blocker.query('COMMIT');
      const answered = await Promise.all(held);
      expect(answered.map((response) => [response.status, response.body.id])).toEqual([
        [200, caseId],
        [200, caseId],
      ]);
      expect((await api.http.get('/health').expect(200)).body).toEqual({ status: 'ok' });
    } finally {
      await blocker.end();
      await api.close();
    }
  }, 60_000);

  it('a command held up behind a lock on the log is answered 503 once its append has waited 5 s, nothing written; sent again once the lock is gone, it is taken', async () => {
    const api = await startTestApi({ now: '2026-09-24T09:30:00+08:00', env: { UNITS_SEED_FILE: TEST_UNITS_SEED }, asAppRole: true });
    const blocker = new Client({ connectionString: api.db.url });
    await blocker.connect();
    try {
      const caseId = await new ApiClient(api).dispatch({ title: '锁前的投诉', receivedAt: '2026-09-24T09:00:00+08:00' }, 'dept-market');
      const before = await api.eventCount();
      // A filing with its complainant's rows, and a command on a case sent with an Idempotency-Key.
      const filing = () =>
        api.http
          .post('/api/v1/cases')
          .set(as.intake)
          .send(
            complaint({
              title: '锁后的投诉',
              receivedAt: '2026-09-24T09:10:00+08:00',
              complainant: { anonymous: false, name: '王女士', phone: '13800000000' },
            }),
          );
      const key = `locked-${randomUUID()}`;
      const supervise = () =>
        api.http
          .post(`/api/v1/cases/${caseId}/supervise`)
          .set(as.intake)
          .set('Idempotency-Key', key)
          .send({ unitId: 'dept-market', level: 'urge', note: '请加快办理' });
      await blocker.query('BEGIN');
      // As a migration's CREATE INDEX on the log from another instance would: reads pass, appends wait.
      await blocker.query('LOCK TABLE events IN EXCLUSIVE MODE');
      const sent = Date.now();
      const answers = Promise.all([filing(), supervise()]);
      const waiting = await waitUntil(
        async () => {
          const sessions = await logLockWaiters(api.db.pool);
          return sessions.waiting === 2 ? sessions : undefined;
        },
        { timeoutMs: 20_000, failure: 'the commands did not reach the lock' },
      );
      // They wait without a transaction id. One with an id would hold back the visibility horizon, so
      // every read model of every database on the server, for the 5 s it waits.
      expect(waiting.withId).toBe(0);
      const refused = await answers;
      const answeredAfter = Date.now() - sent;
      for (const response of refused) {
        expect([response.status, response.body.code, response.headers['retry-after']]).toEqual([
          503,
          'SERVICE_UNAVAILABLE',
          expect.stringMatching(/^\d+$/),
        ]);
        expect(JSON.stringify(response.body)).not.toMatch(/lock|timeout|canceling/i);
      }
      // They were refused by the append's bound on its wait, not sooner (what the pool's would be).
      expect(answeredAfter).toBeGreaterThanOrEqual(4_900);
      expect(await api.eventCount()).toBe(before);
      await blocker.query('COMMIT');
      expect((await filing()).status).toBe(201);
      const retried = await supervise();
      expect([retried.status, retried.headers['idempotent-replayed']]).toEqual([200, undefined]);
      expect(await api.eventCount()).toBe(before + 2);
    } finally {
      await blocker.end();
      await api.close();
    }
  }, 60_000);

  it('gives the details only to a signed-in admin or discipline office', async () => {
    const app = await appOn(db.url);
    const http = request(app.getHttpServer());
    expect((await http.get('/api/v1/health/details').expect(401)).body).toMatchObject({ code: 'UNAUTHENTICATED' });
    // A unit of the registry this app seeds (config/units.seed.json): a unit user signs in only for a registered unit.
    for (const role of [as.intake, as.unit('dept-zfb'), as.dashboard]) {
      expect((await http.get('/api/v1/health/details').set(role).expect(403)).body).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    }
    await app.close();
  });

  it('answers unknown routes with problem+json', async () => {
    const app = await appOn(db.url);
    const response = await request(app.getHttpServer()).get('/no-such-route').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND', instance: '/no-such-route' });
    await app.close();
  });
});
