import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import request from 'supertest';
import { createLogger, loadConfig, ManualClock } from '@app/platform';
import { createApiApp, createManagementApp } from '../../apps/server/src';
import { openApiDocument } from '../../apps/api/src/openapi';
import { contractCheckedAgent, type ContractAgent } from './contract-agent';
import type { ContractDocument } from './contract';
import { createTestDatabase, type TestDatabase } from './test-database';
import { testSigner, type SignedIn } from './tokens';

/** The HTTP API on a fresh database of its own, with a clock the test moves. */
export interface TestApi {
  app: INestApplication;
  /** Every response it receives is checked against the API's OpenAPI document (contract-agent.ts). */
  http: ContractAgent;
  db: TestDatabase;
  clock: ManualClock;
  /** Number of events in the whole store: "nothing was appended" is this staying the same. */
  eventCount(): Promise<number>;
  /** The management listener of this API (Swagger UI, /docs-json, /metrics), made on first use. */
  management(): Promise<ReturnType<typeof request>>;
  close(): Promise<void>;
}

export async function startTestApi(options: {
  now: string;
  env?: Record<string, string>;
  logger?: Logger;
  /** Connect as the application's role, cases_app, as a production server does (default: the owner). */
  asAppRole?: boolean;
  /**
   * Another API's database instead of a fresh one, left to that API to drop: e.g. an API alone
   * (APP_ROLE=api, nothing in the background) to count the statements a request sends, on the read
   * models an all-in-one API built.
   */
  on?: TestDatabase;
}): Promise<TestApi> {
  const db = options.on ?? (await createTestDatabase());
  const clock = new ManualClock(options.now);
  const databaseUrl = options.asAppRole ? db.appUrl : db.url;
  const config = { ...loadConfig({ APP_ROLE: 'api', UNITS_SEED_FILE: 'none', ...options.env }), databaseUrl };
  // It trusts this test file's own signer (tokens.ts), which `as` signs with.
  const app = await createApiApp(config, options.logger ?? createLogger('silent'), { clock, trustedIssuer: testSigner.issuer() });
  await app.init();
  let management: INestApplication | undefined;
  return {
    app,
    http: contractCheckedAgent(app.getHttpServer(), () => openApiDocument(app) as unknown as ContractDocument),
    db,
    clock,
    async eventCount() {
      const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM events');
      return rows[0].n as number;
    },
    async management() {
      management ??= await createManagementApp(app);
      return request(management.getHttpServer());
    },
    async close() {
      await management?.close();
      await app.close();
      if (!options.on) await db.drop();
    },
  };
}

/**
 * Headers that sign a request in as a role: a bearer token from this test process's signer, which
 * every test API trusts. The actor ids are the ones recorded in event metadata.
 */
export const as = {
  intake: testSigner.headers({ sub: 'intake-wang', role: 'intake' }),
  discipline: testSigner.headers({ sub: 'jjjc-li', role: 'discipline' }),
  admin: testSigner.headers({ sub: 'admin-zhao', role: 'admin' }),
  dashboard: testSigner.headers({ sub: 'leader-chen', role: 'dashboard' }),
  unit: (unitId: string, actor = `${unitId}-handler`): SignedIn => testSigner.headers({ sub: actor, role: 'unit', unitId }),
};
