import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedPostgres, freePort } from '../../libs/platform/src/embedded-postgres';
import { runMigrations } from '../../libs/platform/src/migrations';
import { APP_DATABASE_ROLE, enableAppRoleLogin } from '../../libs/platform/src/database-roles';
import { EVENT_STORE_MIGRATIONS } from '../../libs/event-store/src/postgres/event-store-migrations';
import { PROJECTIONS_MIGRATIONS } from '../../projections/runner/projections-migrations';
import { PROJECTOR_MIGRATIONS } from '../../apps/projector/src/projector-migrations';
import { API_MIGRATIONS } from '../../apps/api/src/api-migrations';
import { CONTRACT_LOG_DIR } from './contract-log';

/**
 * Every package's migrations, as apps/server/src/migration-folders.ts lists them (a spec there keeps
 * the two equal). Imported file by file, not through the packages' index files: jest loads this
 * global setup without its moduleNameMapper, so the @app/* aliases those files use would not resolve.
 */
export const TEST_MIGRATION_FOLDERS: readonly string[] = [
  ...EVENT_STORE_MIGRATIONS,
  ...PROJECTIONS_MIGRATIONS,
  ...PROJECTOR_MIGRATIONS,
  ...API_MIGRATIONS,
];

/**
 * One PostgreSQL server per test run: the one in DATABASE_URL, or an embedded throw-away cluster.
 * A template database is migrated once; each test file clones it (test/support/test-database.ts),
 * so files run in parallel on databases of their own.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-test-pg-'));
    const server = await EmbeddedPostgres.start({ dataDir, port: await freePort(), durable: false, maxConnections: 300 });
    (globalThis as Record<string, unknown>).__testPostgres = { server, dataDir };
    // An interrupted run (Ctrl-C, a CI timeout) must not leave the cluster behind.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        server.signalStop();
        process.kill(process.pid, signal);
      });
    }
    adminUrl = server.url('postgres');
  }
  const template = `cases_template_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  await runMigrations(withDatabase(adminUrl, template), TEST_MIGRATION_FOLDERS, { info: () => undefined });
  // Tests connect as the owner; those about the application's role (which cannot rewrite events)
  // log in as it with this run's password (test-database.ts, appUrl).
  const appPassword = randomBytes(16).toString('hex');
  if (await enableAppRoleLogin(adminUrl, appPassword)) process.env.TEST_PG_APP_PASSWORD = appPassword;

  // Servers the tests spawn sign checkpoints with a key of this run, never the developer's .data/ one.
  const state = (globalThis as Record<string, unknown>).__testPostgres as { dataDir: string } | undefined;
  const keyDir = state?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cases-test-keys-'));
  process.env.AUDIT_SIGNING_KEY_FILE ??= testSigningKey(path.join(keyDir, 'audit-signing-key.pem'));

  // Each test process appends the responses it checked against the OpenAPI document here (contract-agent.ts).
  process.env[CONTRACT_LOG_DIR] = fs.mkdtempSync(path.join(os.tmpdir(), 'cases-contract-'));

  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_PG_TEMPLATE = template;
}

function testSigningKey(file: string): string {
  fs.writeFileSync(file, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return file;
}

/** The test database `url` as the application's role (cases_app) logs in to it. */
export function asAppRole(url: string): string {
  const password = process.env.TEST_PG_APP_PASSWORD;
  if (!password) throw new Error(`The ${APP_DATABASE_ROLE} role has no password in this test run (global setup could not set one)`);
  const parsed = new URL(url);
  parsed.username = APP_DATABASE_ROLE;
  parsed.password = password;
  return parsed.toString();
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/' + database;
  return parsed.toString();
}
