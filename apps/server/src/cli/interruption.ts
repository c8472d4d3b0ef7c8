import * as os from 'node:os';
import type { AppConfig, OpenDatabase } from '@app/platform';

/** Ctrl-C (SIGINT) or SIGTERM: the script undoes what it began and exits as the signal would have (128 + its number). */
export class Interrupted extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
  }

  get exitCode(): number {
    return 128 + (os.constants.signals[this.signal] ?? 2);
  }
}

export interface Interruption {
  /** The work's outcome, or an Interrupted rejection as soon as a signal comes (the work is left to fail on its own). */
  until<T>(work: Promise<T>): Promise<T>;
}

/**
 * Listens for SIGINT and SIGTERM for the rest of the process. Without a listener Node would end at
 * once, leaving a `.partial` file or a half-loaded transaction to the embedded server's own exit
 * hook; while this one listens, that server leaves its stop to the script (embedded-postgres.ts),
 * which stops it after closing its connection. A second signal ends the process at once.
 */
export function interruptOnSignals(): Interruption {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(new Interrupted(signal).exitCode);
    controller.abort(new Interrupted(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const { signal } = controller;
  return {
    until<T>(work: Promise<T>): Promise<T> {
      let onAbort = () => undefined as void;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason as Interrupted);
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      });
      return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
    },
  };
}

/**
 * Stops the database a script opened, also when a signal came while it was opening: an embedded
 * server still starting is waited for and stopped (it runs detached: left alone, it would outlive
 * the script). With DATABASE_URL nothing of ours runs there (stop() does nothing), and a server that
 * does not answer is not waited for.
 */
export async function stopDatabase(opening: Promise<OpenDatabase>, config: AppConfig): Promise<void> {
  if (config.databaseUrl) return;
  await (await opening.catch(() => undefined))?.stop();
}
