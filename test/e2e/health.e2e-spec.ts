import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createLogger, freePort, loadConfig } from '@app/platform';
import { createApiApp } from '../../apps/server/src';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

async function appOn(databaseUrl: string): Promise<INestApplication> {
  const config = { ...loadConfig({ APP_ROLE: 'api' }), databaseUrl };
  const app = await createApiApp(config, createLogger('silent'));
  await app.init();
  return app;
}

describe('GET /health', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(async () => db.drop());

  it('is 200 with both components up when the database and event store answer', async () => {
    const app = await appOn(db.url);
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, eventStore: { status: 'up' } },
    });
    await app.close();
  });

  it('is 503 naming what is down when the database cannot be reached', async () => {
    const app = await appOn(`postgres://postgres:postgres@127.0.0.1:${await freePort()}/nothing`);
    const response = await request(app.getHttpServer()).get('/health').expect(503);
    expect(response.body).toMatchObject({
      status: 'unavailable',
      checks: { database: { status: 'down' }, eventStore: { status: 'down' } },
    });
    expect(response.body.checks.database.error).toEqual(expect.any(String));
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
