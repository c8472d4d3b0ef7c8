import type { EventEnvelope, Subscription } from '../event-store';
import type { AppendNotifier } from './append-notifier';

type ReadAfter = (after: bigint | undefined, limit: number) => Promise<EventEnvelope[]>;
/** Whether a committed event of the subscription's streams lies after `after`, visible yet or not. */
type PendingAfter = (after: bigint | undefined) => Promise<boolean>;

interface SubscriptionOptions {
  after?: bigint;
  batchSize: number;
  pollIntervalMs: number;
}

const FIRST_RETRY_MS = 5;

/**
 * Catch-up-then-live over `readAll`. Reads in batches until it is level with the visible log, then
 * sleeps until a NOTIFY (or, as a fallback, the poll interval) and reads again.
 *
 * A notification can arrive while an older transaction still holds the visibility horizon back:
 * then the read finds nothing new, or only part of what is committed, and the subscription re-reads
 * after a short, growing delay rather than sleeping a whole poll interval. Whether anything is still
 * behind the horizon is asked after each partial read (`pending`): the transaction holding it back
 * may be in another database of the server (transaction ids are cluster-wide), whose commit wakes
 * nobody here.
 *
 * A subscription starts as if notified: events committed before it started may be hidden behind a
 * transaction whose end announces nothing (another database's, or a writer calling
 * `append_to_stream` without this store, since the function no longer notifies by itself).
 */
export class PostgresSubscription implements Subscription {
  private closed = false;
  private notified = false;
  private wake?: () => void;
  private readonly unlisten: () => void;

  constructor(
    private readonly read: ReadAfter,
    private readonly pending: PendingAfter,
    notifier: AppendNotifier,
    private readonly options: SubscriptionOptions,
    private readonly onClose: () => void,
  ) {
    // Registered before the first read, so an append committed during a read is never missed.
    this.unlisten = notifier.onAppend(() => {
      this.notified = true;
      this.wake?.();
    });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<EventEnvelope> {
    let after = this.options.after;
    let retryMs = FIRST_RETRY_MS;
    // A notification whose events are not all delivered yet: keep re-reading (with a growing
    // delay, up to the poll interval) while the horizon is held back, not just once.
    let awaiting = true;
    try {
      while (!this.closed) {
        awaiting ||= this.notified;
        this.notified = false;
        const batch = await this.read(after, this.options.batchSize);
        for (const event of batch) {
          if (this.closed) return;
          yield event;
          after = event.position;
        }
        if (batch.length === this.options.batchSize) continue;
        if (batch.length > 0) retryMs = FIRST_RETRY_MS;
        // Notified, and something committed is still hidden: re-read soon. Asked after the read, so
        // an event that became visible in between is still after `after`, hence still found.
        const waiting = awaiting && retryMs < this.options.pollIntervalMs && (await this.pending(after));
        if (!waiting) {
          awaiting = false;
          retryMs = FIRST_RETRY_MS;
          await this.sleep(this.options.pollIntervalMs);
        } else {
          await this.sleep(retryMs, true);
          retryMs = Math.min(retryMs * 2, this.options.pollIntervalMs);
        }
      }
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unlisten();
    this.wake?.();
    this.onClose();
  }

  /** Waits for a notification, close, or the timeout; `ignoreNotify` waits out the timeout. */
  private sleep(ms: number, ignoreNotify = false): Promise<void> {
    if (this.closed || (this.notified && !ignoreNotify)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = ignoreNotify ? () => this.closed && done() : done;
    });
  }
}
