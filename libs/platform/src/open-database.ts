import { Client } from 'pg';
import type { Logger } from 'pino';
import type { AppConfig } from './config';
import { EmbeddedPostgres } from './embedded-postgres';
import { runMigrations } from './migrations';

const EMBEDDED_DATABASE = 'cases';

export interface OpenDatabase {
  url: string;
  /** Whether this process started (and so must stop) the server. */
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * The database this process works on: DATABASE_URL, or an embedded PostgreSQL under
 * EMBEDDED_PG_DIR (kept between runs). The `migrations` folders (all of them: the composition root
 * lists every package's) are applied before anything else uses it.
 */
export async function openDatabase(config: AppConfig, logger: Logger, options: { migrations: readonly string[] }): Promise<OpenDatabase> {
  let url = config.databaseUrl;
  let server: EmbeddedPostgres | undefined;
  if (!url) {
    const { dir, port } = config.embeddedPostgres;
    logger.info({ dir, port }, 'Starting embedded PostgreSQL (no DATABASE_URL set)');
    server = await EmbeddedPostgres.start({
      dataDir: dir,
      port,
      onLog: (line) => logger.debug({ postgres: line }),
      onNotice: (message) => logger.warn(message),
    });
    await createDatabaseIfMissing(server.url(), EMBEDDED_DATABASE);
    url = server.url(EMBEDDED_DATABASE);
  }
  try {
    if (options.migrations.length > 0) await runMigrations(url, options.migrations, { info: (m) => logger.info(m) });
  } catch (error) {
    await server?.stop();
    throw error;
  }
  return { url, embedded: !!server, stop: async () => server?.stop() };
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
