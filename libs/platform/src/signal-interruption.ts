import * as os from 'node:os';

/**
 * Work stopped by SIGINT (Ctrl-C) or SIGTERM. Whoever catches it undoes what it began, says what
 * stays in one line (`message`), and exits as the signal would have ended the process (`exitCode`:
 * 128 + the signal's number, 130 and 143). `npm start` stopped during its first-start demo ends on
 * one too (start.ts).
 */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';

  constructor(
    readonly signal: NodeJS.Signals,
    message = `interrupted by ${signal}`,
  ) {
    super(message);
  }

  get exitCode(): number {
    return 128 + (os.constants.signals[this.signal] ?? 2);
  }
}

export interface Interruption {
  /** Aborted at the first signal; its reason is the signal's name. */
  readonly signal: AbortSignal;
  /** The work's outcome, or an Interrupted rejection as soon as a signal comes (the work is left to fail on its own). */
  until<T>(work: Promise<T>): Promise<T>;
  /** Stops listening: the process's own shutdown takes the signals over (the first-start demo done). */
  dispose(): void;
}

/**
 * Listens for SIGINT and SIGTERM: the first aborts, a second ends the process at once. Without a
 * listener Node would end at once, leaving a `.partial` file, a half-loaded transaction or a demo's
 * requests to the embedded server's own exit hook; while this one listens, that server leaves its
 * stop to the work (embedded-postgres.ts), which stops it after closing its connections.
 */
export function interruptOnSignals(): Interruption {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(new Interrupted(signal).exitCode);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const { signal } = controller;
  return {
    signal,
    until: (work) => untilAborted(work, signal),
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * The work's outcome, or, as soon as `signal` is aborted, a rejection with an Interrupted naming the
 * signal (the abort's reason). The demo does not wait for its year to unwind: a story cut off
 * mid-command may never settle once its application has closed.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  let onAbort = () => undefined as void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Interrupted(signal.reason as NodeJS.Signals));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}
