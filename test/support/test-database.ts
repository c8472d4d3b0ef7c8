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
      // A pool's end (this one's, or a test's own) resolves once its clients are let go, not once
      // their sockets are closed. FORCE would terminate such a session, and its client, no longer
      // listening for errors, would throw that into the test file as an unhandled error (seen under
      // CPU load). So the sessions are given a few seconds to end first; one a test leaked is then forced.
      await sessionsEnded(adminUrl, name, DROP_GRACE_MS);
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** How long a dropped database's sessions are given to end by themselves before they are forced. */
const DROP_GRACE_MS = 5_000;

/** Whether `database` had no session but the asker's within `timeoutMs` (probed every 50 ms). */
async function sessionsEnded(adminUrl: string, database: string, timeoutMs: number): Promise<boolean> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database]);
      if (rows[0].n === 0) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.end();
  }
}

/** One statement on its own connection (as a superuser: creating and dropping databases, roles). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * What the database server is doing, for a test's failure message when something waited too long:
 * the sessions of `database` (state, what they wait on, their transaction's age, their query), the
 * locks nobody has been granted, and transactions open for 5 s or more anywhere on the cluster (they
 * hold the visibility horizon back for every database). Never throws: a failure to ask is reported.
 */
export async function databaseActivity(database: string): Promise<string> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  if (!adminUrl) return '(no TEST_PG_ADMIN_URL: database activity not available)';
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000, query_timeout: 5_000 });
  try {
    await client.connect();
    const sessions = await client.query(
      `SELECT pid, application_name, state, wait_event_type, wait_event,
              round(extract(epoch FROM now() - xact_start)::numeric, 1) AS xact_s, left(query, 160) AS query
         FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() ORDER BY pid`,
      [database],
    );
    const waiting = await client.query(
      `SELECT l.pid, l.locktype, l.mode, l.classid, l.objid, pg_blocking_pids(l.pid) AS blocked_by
         FROM pg_locks l WHERE NOT l.granted`,
    );
    const long = await client.query(
      `SELECT datname, pid, state, round(extract(epoch FROM now() - xact_start)::numeric, 1) AS xact_s, left(query, 160) AS query
         FROM pg_stat_activity WHERE xact_start < now() - interval '5 seconds' AND pid <> pg_backend_pid() ORDER BY xact_start`,
    );
    const lines = (title: string, rows: object[]) => [title, ...rows.map((row) => `  ${JSON.stringify(row)}`)].join('\n');
    return [
      lines(`sessions on ${database}:`, sessions.rows),
      lines('locks not granted:', waiting.rows),
      lines('transactions open 5 s or more (cluster):', long.rows),
    ].join('\n');
  } catch (error) {
    return `(database activity not available: ${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The sessions of `pool`'s database waiting for a lock on its event log that another holds, and how
 * many of them have a transaction id (pg_locks spans the server, and every test database has the
 * template's oids, so the database is named too).
 */
export async function logLockWaiters(pool: Pool): Promise<{ waiting: number; withId: number }> {
  const { rows } = await pool.query<{ waiting: number; withId: number }>(
    `SELECT count(*)::int AS waiting, count(a.backend_xid)::int AS "withId"
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE NOT l.granted AND l.relation = 'events'::regclass
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return rows[0];
}
