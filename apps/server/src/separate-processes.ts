import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from 'pino';
import { openDatabase, type AppConfig } from '@app/platform';
import { MIGRATION_FOLDERS } from './migration-folders';

/**
 * `npm start -- --separate-processes`: this process owns the database (starting the embedded one if
 * needed) and runs the API and the projector as two child processes on it. A signal stops both
 * children, then the database; if one child dies, everything stops with exit status 1. The children
 * run the entry this process was started with (main.ts, or `npm start`'s with its first-start demo).
 */
export async function runSeparateProcesses(config: AppConfig, logger: Logger): Promise<void> {
  const database = await openDatabase(config, logger, { migrations: MIGRATION_FOLDERS });
  const env = { ...process.env, DATABASE_URL: database.url, DATABASE_MIGRATION_URL: database.migrationUrl };
  const entry = process.argv[1];
  let stopping = false;
  const children = new Map<string, ChildProcess>([
    // Own process groups: a terminal's Ctrl-C reaches only this process, which stops them in order.
    ['api', fork(entry, [], { env: { ...env, APP_ROLE: 'api' }, detached: true })],
    ['projector', fork(entry, [], { env: { ...env, APP_ROLE: 'projector' }, detached: true })],
  ]);
  const exits = [...children].map(
    ([name, child]) =>
      new Promise<number>((resolve) =>
        child.once('exit', (code) => {
          children.delete(name);
          if (!stopping) logger.error({ child: name, code }, 'Child process exited; stopping');
          resolve(code ?? 1);
        }),
      ),
  );
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children.values()) child.kill('SIGTERM');
    await Promise.all(exits);
    await database.stop();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  void Promise.race(exits).then(() => stop(1));
  logger.info({ children: [...children.keys()] }, 'Running API and projector as separate processes');
}
