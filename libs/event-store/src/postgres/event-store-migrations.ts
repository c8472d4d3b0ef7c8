import * as path from 'node:path';

/**
 * The PostgreSQL adapter's tables (events, the append function). The composition
 * root applies them with every other package's; the files are not compiled, so the folder is named
 * here and found in the source tree by runMigrations.
 */
export const EVENT_STORE_MIGRATIONS: readonly string[] = [path.join(__dirname, 'migrations')];
