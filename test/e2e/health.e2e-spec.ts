import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createLogger, freePort, loadConfig } from '@app/platform';
import { createApiApp } from '../../apps/server/src';
import { as } from '../support/api-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
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

  it('gives the details only to a signed-in admin or discipline office', async () => {
    const app = await appOn(db.url);
    const http = request(app.getHttpServer());
    expect((await http.get('/api/v1/health/details').expect(401)).body).toMatchObject({ code: 'UNAUTHENTICATED' });
    for (const role of [as.intake, as.unit('dept-market'), as.dashboard]) {
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
