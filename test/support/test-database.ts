import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { asAppRole, withDatabase } from './global-setup';

export interface TestDatabase {
  name: string;
  /** As the owner (a superuser): what tests use. */
  url: string;
  /** As the application's role, cases_app, which cannot rewrite the event log. */
  appUrl: string;
  pool: Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh database of this test file's own: cloned from the run's migrated template, or, with
 * `empty`, with no schema at all (for migration tests).
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  const template = process.env.TEST_PG_TEMPLATE;
  if (!adminUrl || !template) throw new Error('Test database not set up: run tests through jest (global setup)');
  const name = `cases_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${options.empty ? 'template0' : template}`);
  const url = withDatabase(adminUrl, name);
  const pool = new Pool({ connectionString: url, max: 20 });
  // DROP … WITH (FORCE) ends connections still closing after pool.end(); that is expected, not a failure.
  pool.on('error', () => undefined);
  return {
    name,
    url,
    get appUrl() {
      return asAppRole(url);
    },
    pool,
    async drop() {
      await pool.end();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
