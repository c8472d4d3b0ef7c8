import type { Logger } from 'pino';
import { createLogger, loadConfigOrExit, onShutdownSignal, openDatabase, type RuntimeConfig } from '@app/platform';
import { MIGRATION_FOLDERS } from './migration-folders';
import { runSeparateProcesses } from './separate-processes';
import { createApiApp, createProjectorApp } from './server-app';

/**
 * Work on the migrated database before the API is built (not with APP_ROLE=projector). `npm start`
 * passes the demo's (tools/demo: a demo year on a database without cases); the production entry,
 * main.ts, passes none, so nothing of tools/ is reachable from it.
 */
export type FirstStartHook = (config: RuntimeConfig, logger: Logger) => Promise<void>;

export interface StartOptions {
  firstStart?: FirstStartHook;
}

/**
 * Configuration → database (embedded PostgreSQL unless DATABASE_URL) → migrations → API on PORT
 * with the projector in the same process (APP_ROLE=all), or only one of them (APP_ROLE=api |
 * projector). `--separate-processes` runs API and projector as two child processes.
 */
export async function start(options: StartOptions = {}): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  if (process.argv.includes('--separate-processes')) return runSeparateProcesses(config, logger);

  const database = await openDatabase(config, logger, { migrations: MIGRATION_FOLDERS });
  const runtime = { ...config, databaseUrl: database.url };
  try {
    if (config.appRole === 'projector') {
      const app = await createProjectorApp(runtime, logger);
      // A projector stays up until told to stop, even while nothing else holds the event loop open.
      const keepAlive = setInterval(() => undefined, 2 ** 30);
      onShutdownSignal(logger, async () => {
        clearInterval(keepAlive);
        await app.close();
        await database.stop();
      });
      return;
    }
    await options.firstStart?.(runtime, logger);
    const app = await createApiApp(runtime, logger);
    onShutdownSignal(logger, async () => {
      await app.close();
      await database.stop();
    });
    await app.listen(config.port);
    logger.info(`API listening on http://localhost:${config.port} (role ${config.appRole}; docs at /docs)`);
  } catch (error) {
    await database.stop();
    throw error;
  }
}

/** Entry-point helper: a failed start prints why and exits 1. */
export function run(options: StartOptions = {}): void {
  start(options).catch((error: unknown) => {
    process.stderr.write(`Startup failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  });
}
