import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { AppConfig } from './config';
import {
  APP_DATABASE_ROLE,
  embeddedAppPassword,
  enableAppRoleLogin,
  handOverReadModels,
  warnIfLogIsWritable,
  withCredentials,
} from './database-roles';
import { EmbeddedPostgres } from './embedded-postgres';
import { NotMigrationRole, runMigrations } from './migrations';
import { connectionRefusal, connectionTarget, StartupRefusal } from './startup-refusal';

const EMBEDDED_DATABASE = 'cases';

export interface OpenDatabase {
  /** The application's connection: the cases_app role (embedded), or DATABASE_URL. */
  url: string;
  /** The owner's, which ran the migrations: what a child process gets as DATABASE_MIGRATION_URL. */
  migrationUrl: string;
  /** Whether this process started (and so must stop) the server. */
  embedded: boolean;
  stop(): Promise<void>;
}

export interface OpenOptions {
  /** Every package's migrations, applied first (the composition root lists them). */
  migrations: readonly string[];
  /**
   * Embedded: the data directory must hold a cluster already. For the scripts that read or change
   * what `npm start` made (audit, backup, rebuilds, keys, rankings): a mistyped EMBEDDED_PG_DIR
   * would otherwise make a new, empty cluster there and report on it ("the log holds", a backup of
   * nothing). A start, `migrate`, `restore` and the demo make one when there is none.
   */
  existing?: boolean;
}

/**
 * The database this process works on: DATABASE_URL, or an embedded PostgreSQL under
 * EMBEDDED_PG_DIR (kept between runs). The `migrations` folders (all of them: the composition root
 * lists every package's) are applied before anything else uses it, as the owner
 * (DATABASE_MIGRATION_URL, else DATABASE_URL; embedded: the superuser). The application then
 * connects as a role that cannot rewrite the event log (database-roles.ts): on the embedded server
 * the cases_app role, given a password generated into its data directory.
 */
export async function openDatabase(config: AppConfig, logger: Logger, options: OpenOptions): Promise<OpenDatabase> {
  let url = config.databaseUrl;
  let migrationUrl = config.databaseMigrationUrl ?? url;
  let server: EmbeddedPostgres | undefined;
  if (!url) {
    const { dir, port } = config.embeddedPostgres;
    if (options.existing && !fs.existsSync(path.join(dir, 'PG_VERSION'))) {
      throw new StartupRefusal(
        `There is no embedded PostgreSQL in ${path.resolve(dir)}: EMBEDDED_PG_DIR must name the data directory npm start made ` +
          `(default .data/pg, from the project's folder), or set DATABASE_URL`,
      );
    }
    logger.info({ dir, port }, 'Starting embedded PostgreSQL (no DATABASE_URL set)');
    server = await EmbeddedPostgres.start({
      dataDir: dir,
      port,
      onLog: (line) => logger.debug({ postgres: line }),
      onNotice: (message) => logger.warn(message),
    });
    await createDatabaseIfMissing(server.url(), EMBEDDED_DATABASE);
    url = migrationUrl = server.url(EMBEDDED_DATABASE);
  }
  // A URL given that does not connect is said in one line naming its variable (the embedded server's are ours).
  const through = <T>(variable: string, target: string, work: () => Promise<T>): Promise<T> =>
    server ? work() : work().catch((error: unknown) => Promise.reject(connectionRefusal(error, variable, target)));
  const ownerVariable = config.databaseMigrationUrl ? 'DATABASE_MIGRATION_URL' : 'DATABASE_URL';
  try {
    if (options.migrations.length > 0)
      await through(ownerVariable, migrationUrl!, () => migrate(migrationUrl!, ownerVariable, options.migrations, logger));
    if (server) {
      const password = embeddedAppPassword(config.embeddedPostgres.dir);
      if (await enableAppRoleLogin(migrationUrl!, password)) url = withCredentials(migrationUrl!, APP_DATABASE_ROLE, password);
    }
    if (url !== migrationUrl) {
      const handedOver = await through(ownerVariable, migrationUrl!, () => handOverReadModels(migrationUrl!));
      if (handedOver > 0) logger.info(`Handed ${handedOver} read-model tables and views over to the application's role`);
    }
    const appUrl = url;
    await through('DATABASE_URL', appUrl, () => warnIfLogIsWritable(appUrl, logger));
  } catch (error) {
    await server?.stop();
    throw error;
  }
  return { url, migrationUrl: migrationUrl!, embedded: !!server?.owned, stop: async () => server?.stop() };
}

/**
 * Migrations as the owner. A role that may not run them (the application's, cases_app, given as
 * DATABASE_URL alone) is said in one line naming the variable, as a refused password is.
 */
async function migrate(ownerUrl: string, variable: string, folders: readonly string[], logger: Logger): Promise<void> {
  try {
    await runMigrations(ownerUrl, folders, { info: (m) => logger.info(m), warn: (m) => logger.warn(m) });
  } catch (error) {
    const denied = (error as { code?: string }).code === '42501';
    if (!(error instanceof NotMigrationRole) && !denied) throw error;
    const why = denied ? `this role may not run the migrations (${(error as Error).message}, 42501)` : (error as Error).message;
    const fix =
      variable === 'DATABASE_URL'
        ? `set DATABASE_MIGRATION_URL to the schema owner's URL (DATABASE_URL stays the application's)`
        : `set it to the schema owner's URL`;
    throw new StartupRefusal(`${variable}${connectionTarget(ownerUrl)}: ${why}: ${fix}`);
  }
}

async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}
