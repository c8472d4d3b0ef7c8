import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { UnitSeedFileError } from '@app/domain';
import {
  commandLineOrExit,
  createLogger,
  EXIT_CONFIG,
  onShutdownSignal,
  openDatabase,
  Interrupted,
  StartupRefusal,
  type RuntimeConfig,
} from '@app/platform';
import { readStartArguments, START_USAGE } from '@app/platform/start-arguments';
import { createManagementApp } from '../../api/src';
import { printDevTokens } from './dev-tokens';
import { listenRefusal, type ListenerSettings } from './listen-refusal';
import { MIGRATION_FOLDERS } from './migration-folders';
import { runSeparateProcesses } from './separate-processes';
import { createApiApp, createProjectorApp } from './server-app';
import { loadServerConfigOrExit } from './server-config';
import { warnIfSlow } from './slow-start-step';

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
 * Configuration → database (embedded PostgreSQL unless DATABASE_URL) → migrations → API on HOST:PORT
 * (and the management listener: Swagger UI, /docs-json, /metrics) with the projector in the same
 * process (APP_ROLE=all), or only one of them (APP_ROLE=api | projector). `--separate-processes`
 * runs API and projector as two child processes. Without an OIDC provider the API trusts the
 * development issuer and prints a token per role.
 */
export async function start(options: StartOptions = {}): Promise<void> {
  // Read before any database is started: a mistyped option is said, not ignored (README "Scripts").
  const { separateProcesses } = commandLineOrExit(process.argv.slice(2), START_USAGE, readStartArguments);
  const config = loadServerConfigOrExit();
  const logger = createLogger(config.logLevel);
  if (separateProcesses) return runSeparateProcesses(config, logger);

  const database = await openDatabase(config, logger, { migrations: MIGRATION_FOLDERS });
  // The owner's URL too: the first-start hook opens the database again, and migrations run as the owner.
  const runtime = { ...config, databaseUrl: database.url, databaseMigrationUrl: database.migrationUrl };
  try {
    if (config.appRole === 'projector') {
      const app = await warnIfSlow('building the projector', logger, () => createProjectorApp(runtime, logger));
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
    const app = await warnIfSlow('building the API', logger, () => createApiApp(runtime, logger));
    const management = config.management && {
      app: await warnIfSlow('building the management listener', logger, () => createManagementApp(app)),
      ...config.management,
    };
    onShutdownSignal(logger, async () => {
      await management?.app.close();
      await app.close();
      await database.stop();
    });
    // Listening starts the modules first (the unit seeder's appends, the projector's catch-up…).
    const apiAddress = await warnIfSlow('starting the API', logger, () =>
      listen(app, { portSetting: 'PORT', port: config.port, hostSetting: 'HOST', host: config.host }),
    );
    const apiUrl = urlOf(apiAddress);
    const managementUrl =
      management &&
      urlOf(
        await warnIfSlow('starting the management listener', logger, () =>
          listen(management.app, {
            portSetting: 'MANAGEMENT_PORT',
            port: management.port,
            hostSetting: 'MANAGEMENT_HOST',
            host: management.host,
          }),
        ),
      );
    logger.info(
      `API listening on ${apiUrl} (role ${config.appRole}), ${reach(apiAddress, config)}; ` +
        (managementUrl
          ? `Swagger UI at ${managementUrl}/docs, metrics at ${managementUrl}/metrics`
          : 'no management listener (MANAGEMENT_PORT=none)'),
    );
    if (!config.auth.oidc) {
      // Printed to a terminal only: a redirected stdout (a log file, a journal) would keep them (dev-tokens.ts).
      await printDevTokens(
        config,
        apiUrl,
        managementUrl && `${managementUrl}/docs`,
        (text) => process.stdout.write(text),
        process.stdout.isTTY === true,
      );
    }
  } catch (error) {
    await database.stop();
    throw error;
  }
}

/** Entry-point helper: a failed start prints why (a stack only for what the start did not foresee) and exits 1. */
export function run(options: StartOptions = {}): void {
  start(options).catch((error: unknown) => {
    // Checked before the start (server-config.ts), the seed file is read again by the seeder: one changed meanwhile lands here.
    if (error instanceof UnitSeedFileError) {
      process.stderr.write(`Configuration error: UNITS_SEED_FILE: ${error.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    if (error instanceof Interrupted) {
      process.stderr.write(`Stopped: ${error.message}\n`);
      process.exit(error.exitCode);
    }
    const why = error instanceof StartupRefusal ? error.message : ((error as Error)?.stack ?? String(error));
    process.stderr.write(`Startup failed: ${why}\n`);
    process.exit(1);
  });
}

async function listen(app: INestApplication, settings: ListenerSettings): Promise<AddressInfo> {
  try {
    await (settings.host === null ? app.listen(settings.port) : app.listen(settings.port, settings.host));
  } catch (error) {
    throw listenRefusal(error, settings);
  }
  return app.getHttpServer().address() as AddressInfo;
}

/**
 * Who can reach the API, for the start line: every interface, this machine only (loopback), or one
 * address. Loopback by default says why (the development issuer) and how to offer it to the network.
 */
export function reach({ address }: AddressInfo, config: Pick<RuntimeConfig, 'auth'>, hostVariable = process.env.HOST): string {
  if (address === '::' || address === '0.0.0.0') return 'on every interface';
  if (address === '::1' || address.startsWith('127.')) {
    const defaulted = !config.auth.oidc && !hostVariable?.trim();
    return `on this machine only (${address}${defaulted ? ': HOST is unset and there is no OIDC_ISSUER; set HOST, e.g. 0.0.0.0, to serve other machines' : ''})`;
  }
  return `on ${address} only`;
}

/** A URL for the log: a wildcard address is shown as localhost, which reaches it from this machine. */
function urlOf({ address, family, port }: AddressInfo): string {
  const host = address === '::' || address === '0.0.0.0' ? 'localhost' : family === 'IPv6' ? `[${address}]` : address;
  return `http://${host}:${port}`;
}
