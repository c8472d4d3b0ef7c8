import { Interrupted } from '@app/platform';

/**
 * The demo stopped by SIGINT (Ctrl-C) or SIGTERM: its connections ended and the embedded
 * PostgreSQL it started stopped before it exits as the signal would have ended it (`exitCode`).
 * What the year appended so far stays: each command committed whole or not at all.
 */
export class DemoInterrupted extends Interrupted {
  constructor(signal: NodeJS.Signals) {
    super(
      signal,
      `interrupted by ${signal}: the cases recorded so far stay in the database (run again, the demo adds a year of new cases)`,
    );
  }
}
