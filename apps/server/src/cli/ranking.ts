import { Pool } from 'pg';
import { createKurrentDbEventStore, PostgresEventStore, type EventStore } from '@app/event-store';
import { createLogger, loadConfigOrExit, openDatabase } from '@app/platform';
import { runRankingCommand } from '../../../api/src';
import { MIGRATION_FOLDERS } from '../migration-folders';

/**
 * `npm run ranking -- reproduce <id> [--json]`: a published ranking computed again from the log and
 * compared (apps/api/src/rankings/ranking.command.ts). Logs go to stderr, so `--json` stays parseable.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'stderr');
  const database = await openDatabase(config, logger, { migrations: MIGRATION_FOLDERS });
  // One connection holds the private copies, one reads the log.
  const pool = new Pool({ connectionString: database.url, max: 2 });
  const store: EventStore =
    config.eventStore === 'kurrentdb' ? createKurrentDbEventStore(config.kurrentDbUrl!) : new PostgresEventStore(pool, database.url);
  try {
    process.exitCode = await runRankingCommand(process.argv.slice(2), { pool, store, out: (line) => process.stdout.write(`${line}\n`) });
  } finally {
    await store.close();
    await pool.end();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`ranking failed: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
