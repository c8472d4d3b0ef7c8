import * as fs from 'node:fs';
import * as path from 'node:path';
import { runner } from 'node-pg-migrate';
import { Client } from 'pg';
import { uncompiledFolder } from './project-root';

/** Advisory lock key held while migrating ('MIGR'). */
const MIGRATION_LOCK = 1296648018;

export interface MigrationLog {
  info(message: string): void;
}

/**
 * Applies every pending migration from `dirs` (SQL files, applied in file-name order) in one
 * transaction. Each package names its own folder (found in the source tree even when run from
 * `dist`, see uncompiledFolder); the composition root lists them all. Processes starting together
 * wait for each other on an advisory lock (node-pg-migrate's own lock only tries once and fails the
 * second process), then find nothing left to do.
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
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await runner({
      dbClient: client,
      dir: folders.map((folder) => path.join(folder, '*.sql')),
      useGlob: true,
      migrationsTable: 'pgmigrations',
      direction: 'up',
      count: Infinity,
      singleTransaction: true,
      checkOrder: true,
      noLock: true,
      verbose: false,
      log: () => undefined,
    });
    const names = applied.map((m) => m.name);
    log.info(names.length ? `Applied migrations: ${names.join(', ')}` : 'Database schema is up to date');
    return names;
  } finally {
    await client.end();
  }
}

function hasSqlFiles(folder: string): boolean {
  try {
    return fs.readdirSync(folder).some((name) => name.endsWith('.sql'));
  } catch {
    return false;
  }
}
