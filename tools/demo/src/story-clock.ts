import { AsyncLocalStorage } from 'node:async_hooks';
import { ManualClock } from '@app/platform';

/**
 * The ManualClock the demo's application reads, which can also tell a command run in process the
 * instant of the story that sends it: inside `runAt(instant, …)`, now() is that instant, for every
 * read of the clock the command makes however many awaits deep (AsyncLocalStorage); anywhere else
 * (the deadline scheduler at midnight, an HTTP request) it is the instant last set. So the stories
 * of a whole simulated day can send their commands at once, each stamped with its own `at`.
 */
export class StoryClock extends ManualClock {
  private readonly acting = new AsyncLocalStorage<number>();

  override now(): Date {
    const instant = this.acting.getStore();
    return instant === undefined ? super.now() : new Date(instant);
  }

  runAt<T>(instant: number, act: () => Promise<T>): Promise<T> {
    return this.acting.run(instant, act);
  }
}
