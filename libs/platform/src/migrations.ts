import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { isLockNotGranted } from './lock-not-granted';
import { LockWaitWatch, MIGRATION_LOCK_WAIT_MS, migrationRetryPause } from './migration-lock-wait';
import { uncompiledFolder } from './project-root';

/** node-pg-migrate's record of the migrations applied (schema public). */
const MIGRATIONS_TABLE = 'pgmigrations';

/** Advisory lock key held while migrating ('MIGR'). */
const MIGRATION_LOCK = 1296648018;

export interface MigrationLog {
  info(message: string): void;
  /** That the migrations wait for a lock another session holds, naming it (once an attempt). */
  warn?(message: string): void;
}

/**
 * Applies every pending migration from `dirs` (SQL files, applied in file-name order) in one
 * transaction. Each package names its own folder (found in the source tree even when run from
 * `dist`, see uncompiledFolder); the composition root lists them all. Processes starting together
 * wait for each other on an advisory lock (node-pg-migrate's own lock only tries once and fails the
 * second process), then find nothing left to do. A lock held elsewhere on what a migration changes
 * is waited for half a second at a time, so that its readers are not stopped meanwhile
 * (migration-lock-wait.ts).
 */
export async function runMigrations(databaseUrl: string, dirs: readonly string[], log: MigrationLog): Promise<string[]> {
  const folders = dirs.map((dir) => uncompiledFolder(dir));
  // A folder that is not there would match no file, and an empty database would be "up to date".
  const missing = folders.filter((folder) => !hasSqlFiles(folder));
  if (missing.length > 0) {
    throw new Error(
      `No SQL migrations in ${missing.join(', ')}: run from the project (or an image) that has the source tree's migration folders beside the build`,
    );
  }
  const client = new Client({ connectionString: databaseUrl, application_name: 'complaint-cases migrations' });
  client.on('error', () => undefined); // a connection cut between statements: the next statement fails and says so
  await client.connect();
  try {
    await refuseUnlessMigrationRole(client);
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`SET lock_timeout = '${MIGRATION_LOCK_WAIT_MS}ms'`);
    if (await recordedUpToDate(client, folders)) {
      log.info('Database schema is up to date');
      return [];
    }
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    for (let refusals = 0; ; refusals++) {
      const watch = await LockWaitWatch.start(databaseUrl, rows[0].pid);
      let heldUpBy: string;
      try {
        const names = await applyPending(client, folders);
        log.info(names.length ? `Applied migrations: ${names.join(', ')}` : 'Database schema is up to date');
        return names;
      } catch (error) {
        if (!isLockNotGranted(error)) throw error;
        heldUpBy = watch.heldUpBy;
      } finally {
        await watch.stop(); // not left looking through the pause
      }
      const pause = migrationRetryPause(refusals);
      log.warn?.(`Migrations wait for a lock held by ${heldUpBy}: nothing applied yet, tried again in ${pause / 1000} s`);
      await sleep(pause);
    }
  } finally {
    await client.end();
  }
}

/**
 * The connection's role may not run the migrations: the schema is another role's, whose migrations
 * table this one cannot write (the application's role, cases_app). Said before node-pg-migrate
 * tries, which cannot see a table it has no right on and reports creating it as `relation
 * "pgmigrations" already exists`.
 */
export class NotMigrationRole extends Error {
  override readonly name = 'NotMigrationRole';

  constructor(readonly role: string) {
    super(`the role ${role} cannot run the migrations (the schema is another role's)`);
  }
}

async function refuseUnlessMigrationRole(client: Client): Promise<void> {
  // to_regclass sees the table whatever the role's rights on it; has_table_privilege of no table (NULL) is NULL.
  const { rows } = await client.query<{ role: string; writable: boolean | null }>(
    `SELECT current_user AS role, has_table_privilege(to_regclass('public.${MIGRATIONS_TABLE}')::oid, 'INSERT') AS writable`,
  );
  if (rows[0].writable === false) throw new NotMigrationRole(rows[0].role);
}

/**
 * Whether the record of applied migrations starts with every migration of `folders`, in the order
 * node-pg-migrate applies them: then it would find nothing to run and nothing out of order, and
 * the start need neither load it nor watch for locks (most starts; 0.1 s of a restart). Anything
 * else, or a question the database does not answer (a lock on the record held elsewhere): no, and
 * node-pg-migrate decides as before.
 */
async function recordedUpToDate(client: Client, folders: readonly string[]): Promise<boolean> {
  const files = folders.flatMap((folder) => sqlFileNames(folder)).sort();
  // node-pg-migrate orders files by their leading timestamp: the names' own order when each leads
  // with 13 digits and no two lead with the same.
  const stamps = files.map((name) => /^(\d{13})_/.exec(name)?.[1]);
  if (stamps.some((stamp) => stamp === undefined) || new Set(stamps).size !== files.length) return false;
  try {
    // Asked first, so that a new database's first start leaves no error in PostgreSQL's log.
    const table = await client.query<{ present: boolean }>(`SELECT to_regclass('public.${MIGRATIONS_TABLE}') IS NOT NULL AS present`);
    if (!table.rows[0].present) return false;
    const { rows } = await client.query<{ name: string }>(`SELECT name FROM public.${MIGRATIONS_TABLE} ORDER BY run_on, id`);
    return files.every((name, i) => rows[i]?.name === name);
  } catch {
    return false;
  }
}

/** The pending migrations applied in one transaction (rolled back whole on any error), their names. */
async function applyPending(client: Client, folders: readonly string[]): Promise<string[]> {
  // Loaded only when the record is not up to date (recordedUpToDate): 80 ms of a start otherwise.
  const { runner } = await import('node-pg-migrate');
  const applied = await runner({
    dbClient: client,
    dir: folders.map((folder) => path.join(folder, '*.sql')),
    useGlob: true,
    migrationsTable: MIGRATIONS_TABLE,
    direction: 'up',
    count: Infinity,
    singleTransaction: true,
    checkOrder: true,
    noLock: true,
    verbose: false,
    log: () => undefined,
  });
  return applied.map((m) => m.name);
}

function hasSqlFiles(folder: string): boolean {
  try {
    return sqlFileNames(folder).length > 0;
  } catch {
    return false;
  }
}

/** The migrations of a folder, by name (its SQL files without `.sql`). */
function sqlFileNames(folder: string): string[] {
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.sql'))
    .map((name) => name.slice(0, -'.sql'.length));
}
