import * as os from 'node:os';

const OPENING_WAIT_MS = 5_000;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a command-line script: one line saying what stays, the
 * embedded server stopped if the script was its last user (openDatabase's stop() leaves it to the
 * others otherwise), and the status the signal would have given (128 + its number: 130, 143). The
 * script's connections end with the server or the process, so a transaction in flight is rolled
 * back, never committed. While this listens, EmbeddedPostgres's own handler (which acts only when
 * nothing else does) does not stop the server under the script's connections: that printed ~290
 * lines of an unhandled 57P01. A second signal exits at once.
 */
export class ScriptInterruption {
  private signal: NodeJS.Signals | undefined;
  private database: Promise<{ stop(): Promise<void> } | undefined> = Promise.resolve(undefined);

  /** `say`: the one line, asked for when the signal comes (what stays may depend on how far the script got). */
  constructor(private readonly say: (signal: NodeJS.Signals) => string) {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  /** Whether a signal is ending the script: its work stops starting anything new. */
  get interrupted(): boolean {
    return this.signal !== undefined;
  }

  /** The database being opened, to stop when a signal comes, also once a start under way has finished (no server is left behind). */
  opening<T extends { stop(): Promise<void> }>(open: Promise<T>): Promise<T> {
    this.database = open.catch(() => undefined);
    return open;
  }

  /** Ends the script with `status`, and `message` on stderr; unless a signal is ending it, whose line and status win. */
  exit(status: number, message?: string): void {
    if (this.interrupted) return;
    if (message) process.stderr.write(`${message}\n`);
    process.exit(status);
  }

  private readonly onSignal = (signal: NodeJS.Signals): void => {
    const status = 128 + (os.constants.signals[signal] ?? 2);
    if (this.interrupted) process.exit(status);
    this.signal = signal;
    process.stderr.write(`${this.say(signal)}\n`);
    // An opening held up (a migration waiting for a lock) is not waited for long: should it finish
    // later, EmbeddedPostgres's exit hook still stops a server nobody else uses.
    const given = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), OPENING_WAIT_MS).unref());
    const opened = Promise.race([this.database, given]);
    void opened
      .then((database) => database?.stop())
      .catch(() => undefined)
      .finally(() => process.exit(status));
  };
}
