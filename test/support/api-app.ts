import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import request from 'supertest';
import { createLogger, loadConfig, ManualClock } from '@app/platform';
import { createApiApp } from '../../apps/server/src';
import { createTestDatabase, type TestDatabase } from './test-database';

/** The HTTP API on a fresh database of its own, with a clock the test moves. */
export interface TestApi {
  app: INestApplication;
  http: ReturnType<typeof request>;
  db: TestDatabase;
  clock: ManualClock;
  /** Number of events in the whole store: "nothing was appended" is this staying the same. */
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

export async function startTestApi(options: { now: string; env?: Record<string, string>; logger?: Logger }): Promise<TestApi> {
  const db = await createTestDatabase();
  const clock = new ManualClock(options.now);
  const config = { ...loadConfig({ APP_ROLE: 'api', UNITS_SEED_FILE: 'none', ...options.env }), databaseUrl: db.url };
  const app = await createApiApp(config, options.logger ?? createLogger('silent'), { clock });
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    db,
    clock,
    async eventCount() {
      const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM events');
      return rows[0].n as number;
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/** Headers naming the caller (until authentication exists). */
export const as = {
  intake: { 'X-Actor': 'intake-wang', 'X-Role': 'intake' },
  discipline: { 'X-Actor': 'jjjc-li', 'X-Role': 'discipline' },
  admin: { 'X-Actor': 'admin-zhao', 'X-Role': 'admin' },
  dashboard: { 'X-Actor': 'leader-chen', 'X-Role': 'dashboard' },
  unit: (unitId: string, actor = `${unitId}-handler`) => ({ 'X-Actor': actor, 'X-Role': 'unit', 'X-Unit': unitId }),
};
