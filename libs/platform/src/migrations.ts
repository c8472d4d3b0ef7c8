import * as path from 'node:path';
import { runner } from 'node-pg-migrate';

export interface MigrationLog {
  info(message: string): void;
}

/**
 * Applies every pending migration from `dirs` (SQL files, applied in file-name order) in one
 * transaction. node-pg-migrate holds an advisory lock meanwhile, so two processes starting
 * together do not both migrate.
 */
export async function runMigrations(databaseUrl: string, dirs: string[], log: MigrationLog): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir: dirs.map((dir) => path.join(dir, '*.sql')),
    useGlob: true,
    migrationsTable: 'pgmigrations',
    direction: 'up',
    count: Infinity,
    singleTransaction: true,
    checkOrder: true,
    verbose: false,
    log: () => undefined,
  });
  const names = applied.map((m) => m.name);
  log.info(names.length ? `Applied migrations: ${names.join(', ')}` : 'Database schema is up to date');
  return names;
}
