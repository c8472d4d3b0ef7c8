import { Pool } from 'pg';
import { createLogger, loadConfigOrExit, openDatabase } from '@app/platform';
import { runComplainantKeysCommand } from '../../../api/src';
import { MIGRATION_FOLDERS } from '../migration-folders';

/**
 * `npm run complainant-keys -- status | rotate [--forget-retired]`: the master keys that wrap
 * complainants' data keys, and their rotation (apps/api/src/complainants/complainant-keys.command.ts).
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const database = await openDatabase(config, logger, { migrations: MIGRATION_FOLDERS });
  const pool = new Pool({ connectionString: database.url, max: 2 });
  try {
    process.exitCode = await runComplainantKeysCommand(process.argv.slice(2), {
      pool,
      keys: config.complainantKeys,
      out: (line) => process.stdout.write(`${line}\n`),
    });
  } finally {
    await pool.end();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`complainant-keys failed: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
