import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { TEST_MIGRATION_FOLDERS } from '../../../test/support/global-setup';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { loadConfig } from './config';
import { freePort } from './embedded-postgres';
import { createLogger } from './logging';
import { openDatabase } from './open-database';
import { StartupRefusal } from './startup-refusal';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Issue 9 part 4: on the embedded server, migrations run as the owner and the application as cases_app. */
describe('openDatabase on an embedded PostgreSQL', () => {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cases-open-db-')), 'pg');
  afterAll(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  it('migrates as the owner, connects the application as cases_app, and keeps its password for the next start', async () => {
    const config = loadConfig({ EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) });
    const logger = createLogger('silent');

    const first = await openDatabase(config, logger, { migrations: TEST_MIGRATION_FOLDERS });
    try {
      expect(new URL(first.url).username).toBe('cases_app');
      expect(new URL(first.migrationUrl).username).toBe('postgres');
      expect(await query(first.url, 'SELECT current_user AS user')).toEqual([{ user: 'cases_app' }]);
      await expect(query(first.url, 'DELETE FROM events')).rejects.toThrow(/permission denied for table events/);
      const passwordFile = path.join(dataDir, 'cases_app.password');
      expect(fs.statSync(passwordFile).mode & 0o777).toBe(0o600);
      // A read model the owner built (a rebuild run with the owner's URL): handed over at the next start.
      await query(first.migrationUrl, 'CREATE TABLE probe__g1 (id int); CREATE VIEW probe AS SELECT * FROM probe__g1');
    } finally {
      await first.stop();
    }

    const second = await openDatabase(config, logger, { migrations: TEST_MIGRATION_FOLDERS });
    try {
      expect(second.url).toBe(first.url);
      await query(second.url, 'DROP VIEW probe; DROP TABLE probe__g1');
    } finally {
      await second.stop();
    }
  }, 120_000);
});

/**
 * DATABASE_URL naming the application's role, which cannot run migrations, without
 * DATABASE_MIGRATION_URL (which defaults to it): before, node-pg-migrate, which does not see a table
 * the role has no right on, failed creating it ("relation "pgmigrations" already exists") with its stack.
 */
describe('openDatabase with DATABASE_URL as the application role', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(async () => db.drop());
  const logger = createLogger('silent');
  const target = () => {
    const url = new URL(db.appUrl);
    return `${url.hostname}:${url.port || '5432'}/${db.name} as cases_app`;
  };

  it.each([
    [
      'alone',
      'DATABASE_URL',
      () => ({ DATABASE_URL: db.appUrl }),
      "set DATABASE_MIGRATION_URL to the schema owner's URL (DATABASE_URL stays the application's)",
    ],
    [
      'as DATABASE_MIGRATION_URL too',
      'DATABASE_MIGRATION_URL',
      () => ({ DATABASE_URL: db.appUrl, DATABASE_MIGRATION_URL: db.appUrl }),
      "set it to the schema owner's URL",
    ],
  ])('%s: refused in one line naming the variable', async (_, variable, env, fix) => {
    const opening = openDatabase(loadConfig(env()), logger, { migrations: TEST_MIGRATION_FOLDERS });
    await expect(opening).rejects.toThrow(StartupRefusal);
    await expect(opening).rejects.toThrow(
      `${variable} (${target()}): the role cases_app cannot run the migrations (the schema is another role's): ${fix}`,
    );
  });

  it('runs with the owner as DATABASE_MIGRATION_URL', async () => {
    const database = await openDatabase(loadConfig({ DATABASE_URL: db.appUrl, DATABASE_MIGRATION_URL: db.url }), logger, {
      migrations: TEST_MIGRATION_FOLDERS,
    });
    expect(await query(database.url, 'SELECT current_user AS user')).toEqual([{ user: 'cases_app' }]);
    await database.stop();
  });
});
