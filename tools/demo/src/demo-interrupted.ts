import { StartInterrupted } from '@app/platform';

/**
 * The demo stopped by SIGINT (Ctrl-C) or SIGTERM: its connections ended and the embedded
 * PostgreSQL it started stopped before it exits as the signal would have ended it (128 + the
 * signal's number, `exitCode`). What the year appended so far stays: each command committed whole
 * or not at all. A StartInterrupted, so that `npm start` stopped during its first-start demo says
 * so in one line too.
 */
export class DemoInterrupted extends StartInterrupted {
  constructor(signal: NodeJS.Signals) {
    super(
      signal,
      `interrupted by ${signal}: the cases recorded so far stay in the database (run again, the demo adds a year of new cases)`,
    );
  }
}

/**
 * Aborts on the first SIGINT or SIGTERM, naming it as the reason; a second one ends the process at
 * once (the embedded server's exit hook still stops it). While the listeners are there, the
 * embedded server's own signal handler leaves the shutdown to the demo; `dispose` removes them
 * (the first-start demo done, the server's own shutdown takes over).
 */
export function abortOnSignals(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(new DemoInterrupted(signal).exitCode);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const dispose = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  return { signal: controller.signal, dispose };
}

/** The promise's outcome, or its rejection with the signal's reason as soon as the signal is aborted. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  let onAbort = () => undefined as void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}
