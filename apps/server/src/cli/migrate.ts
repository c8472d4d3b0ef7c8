import { parseArgs } from 'node:util';
import { commandLineOrExit } from '@app/platform/command-line';

const USAGE = 'usage: npm run migrate   (applies pending migrations to DATABASE_URL, or the embedded database, and exits)';

/**
 * `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits.
 * The arguments are read before the database's modules are loaded (a second of Node's time), so
 * that `--help` and a mistake answer at once (so do token, backup, restore and audit).
 */
async function main(): Promise<void> {
  // It takes no arguments: one given is a mistake, not something to ignore while the schema changes.
  commandLineOrExit(process.argv.slice(2), USAGE, (args) => parseArgs({ args, options: {}, strict: true }));
  const { createLogger, loadConfigOrExit, openDatabase } = await import('@app/platform');
  const { MIGRATION_FOLDERS } = await import('../migration-folders');
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger, { migrations: MIGRATION_FOLDERS });
  await database.stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`Migration failed: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
