import { Client } from 'pg';
import type { Logger } from 'pino';
import { Interrupted, interruptOnSignals, type RuntimeConfig } from '@app/platform';
import { DemoRefusal } from './beside-projector';
import { DemoInterrupted } from './demo-interrupted';
import { runDemo } from './run-demo';

/**
 * On a database without a single case, `npm start` first plays a small demo year through the real
 * command path, so a new user's first look at lists and dashboards shows something. Turned off with
 * DEMO_ON_FIRST_START=0; never run against KurrentDB or a database that already holds cases. The
 * server's start calls it before building the API (start-with-demo.ts hands it over); the
 * production entry does not, so nothing of tools/ ships in its import graph.
 */
export async function loadDemoOnFirstStart(config: RuntimeConfig, logger: Logger): Promise<void> {
  if (config.demoOnFirstStart === 0 || config.eventStore !== 'postgres' || config.appRole === 'projector') return;
  if (await hasCases(config.databaseUrl)) return;
  const year = Number(new Date().toISOString().slice(0, 4)) - 1;
  logger.info(`No cases yet: loading a demo year (${config.demoOnFirstStart} complaints of ${year}; DEMO_ON_FIRST_START=0 turns this off)`);
  // Ctrl-C during the demo: it ends its connections and the start stops (start.ts says so, exit 130).
  const interruption = interruptOnSignals();
  let result;
  try {
    result = await runDemo({
      cases: config.demoOnFirstStart,
      year,
      seed: 1,
      // The demo opens the database again: as the application's role, and as the owner for migrations.
      env: {
        ...process.env,
        DATABASE_URL: config.databaseUrl,
        ...(config.databaseMigrationUrl ? { DATABASE_MIGRATION_URL: config.databaseMigrationUrl } : {}),
      },
      logger,
      report: (line) => logger.info(line),
      signal: interruption.signal,
    });
  } catch (error) {
    if (error instanceof DemoInterrupted) {
      throw new Interrupted(
        error.signal,
        `interrupted by ${error.signal} during the first-start demo: the cases recorded so far stay, and the next start plays none`,
      );
    }
    // A projector of another process on this database (beside-projector.ts): the server starts without the demo.
    if (!(error instanceof DemoRefusal)) throw error;
    logger.warn(`No demo year: ${error.message}`);
    return;
  } finally {
    interruption.dispose();
  }
  logger.info(`Demo year loaded: ${result.caseEvents} case events in ${(result.elapsedMs / 1000).toFixed(1)} s`);
}

async function hasCases(databaseUrl: string): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT EXISTS (SELECT 1 FROM events WHERE stream_id LIKE 'case-%') AS any`);
    return rows[0].any === true;
  } finally {
    await client.end();
  }
}
