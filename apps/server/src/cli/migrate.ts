import { parseArgs } from 'node:util';
import { commandLineOrExit, createLogger, loadConfigOrExit, openDatabase } from '@app/platform';
import { MIGRATION_FOLDERS } from '../migration-folders';

const USAGE = 'usage: npm run migrate   (applies pending migrations to DATABASE_URL, or the embedded database, and exits)';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
async function main(): Promise<void> {
  // It takes no arguments: one given is a mistake, not something to ignore while the schema changes.
  commandLineOrExit(process.argv.slice(2), USAGE, (args) => parseArgs({ args, options: {}, strict: true }));
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger, { migrations: MIGRATION_FOLDERS });
  await database.stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`Migration failed: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
