import { createLogger, loadConfigOrExit, onShutdownSignal, openDatabase, type AppRole } from '@app/platform';
import { createApiApp, createProjectorApp } from './bootstrap';
import { loadDemoOnFirstStart } from './first-start-demo';
import { runSeparateProcesses } from './separate-processes';

/**
 * `npm start`: configuration → database (embedded PostgreSQL unless DATABASE_URL) → migrations →
 * API on PORT with the projector in the same process (APP_ROLE=all), or only one of them
 * (APP_ROLE=api | projector). `--separate-processes` runs API and projector as two child processes.
 */
export async function start(role?: AppRole): Promise<void> {
  const loaded = loadConfigOrExit();
  const config = role ? { ...loaded, appRole: role } : loaded;
  const logger = createLogger(config.logLevel);
  if (process.argv.includes('--separate-processes')) return runSeparateProcesses(config, logger);

  const database = await openDatabase(config, logger);
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
    await loadDemoOnFirstStart(runtime, database.url, logger);
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
export function run(role?: AppRole): void {
  start(role).catch((error: unknown) => {
    process.stderr.write(`Startup failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  });
}
