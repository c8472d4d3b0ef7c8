import type { Logger } from 'pino';
import { ConfigError, loadConfig, requireComplainantKeys, requireSignInProvider, type AppConfig } from './config';

/** Exit status for a configuration error (EX_CONFIG in sysexits.h). */
export const EXIT_CONFIG = 78;

/** Loads the configuration, or prints one line naming the bad variable and exits. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return configOrExit(() => loadConfig(env));
}

/**
 * The configuration a server start needs: loadConfig's, and with NODE_ENV=production a sign-in
 * provider and the complainants' master keys; a ConfigError naming the variable otherwise. It loads
 * two small modules only, so the entries check it (apps/server/src/server-config.ts, with the files
 * it names) before they load the application (NestJS, pg, the API: a second of CPU), and a
 * misconfigured start is refused in a tenth of that.
 */
export function loadStartConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const config = loadConfig(env);
  requireSignInProvider(config, env);
  requireComplainantKeys(config, env);
  return config;
}

/** Runs `load`; a ConfigError it throws is printed as one line and the process exits 78. */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Configuration error: ${error.message}\n`);
    process.exit(EXIT_CONFIG);
  }
}

/**
 * Runs `shutdown` on the first SIGINT or SIGTERM, then exits 0 (1 if shutdown failed). A second
 * signal, or a shutdown that takes longer than `timeoutMs`, exits at once.
 */
export function onShutdownSignal(logger: Logger, shutdown: () => Promise<void>, timeoutMs = 30_000): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'Second signal: exiting without finishing shutdown');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'Shutting down');
    setTimeout(() => {
      logger.error('Shutdown did not finish in time');
      process.exit(1);
    }, timeoutMs).unref();
    shutdown().then(
      () => {
        logger.info('Stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
