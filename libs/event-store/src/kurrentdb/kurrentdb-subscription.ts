import type { AllStreamResolvedEvent, AllStreamSubscription } from '@kurrent/kurrentdb-client';
import type { EventEnvelope, Subscription } from '../event-store';
import { commitOf, isSystemEvent, toEnvelope } from './kurrentdb-mapping';

const CLOSED = Symbol('closed');

/**
 * Our Subscription over a KurrentDB catch-up subscription to $all.
 *
 * The client's subscription is a Node stream; `close()` must end a `for await` that is waiting for
 * the next live event, which cancelling the gRPC call does not promise to do promptly (nor without
 * a premature-close error). So every wait for the next event races a close signal, and the client
 * stream is opened only when iteration starts, so that nothing can error unobserved before then.
 */
export class KurrentDbSubscription implements Subscription {
  private source: AllStreamSubscription | undefined;
  private started = false;
  private closing: Promise<void> | undefined;
  private signalClosed!: () => void;
  private readonly closed = new Promise<typeof CLOSED>((resolve) => {
    this.signalClosed = () => resolve(CLOSED);
  });

  /**
   * @param open starts the client subscription; returns null when the filter can match nothing.
   * @param after deliver only events with a position strictly greater than this.
   * @param onClosed told once the subscription is closed (the store forgets it).
   */
  constructor(
    private readonly open: () => AllStreamSubscription | null,
    private readonly after: bigint | undefined,
    private readonly onClosed: () => void,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<EventEnvelope> {
    if (this.started) throw new Error('A subscription can be iterated only once');
    this.started = true;
    return this.iterate();
  }

  close(): Promise<void> {
    if (!this.closing) {
      this.signalClosed();
      this.closing = this.release();
    }
    return this.closing;
  }

  private async *iterate(): AsyncGenerator<EventEnvelope> {
    if (this.closing) return;
    const source = this.open();
    if (!source) {
      await this.closed;
      return;
    }
    this.source = source;
    // Errors still reach the iterator below; this only keeps an error emitted while nobody
    // awaits (or after close) from becoming an uncaught 'error' event.
    source.on('error', () => undefined);
    const events = source[Symbol.asyncIterator]();
    try {
      while (!this.closing) {
        const next = events.next();
        const result = await Promise.race([next, this.closed]);
        if (result === CLOSED) {
          next.catch(() => undefined);
          return;
        }
        if (result.done) return;
        const envelope = this.accept(result.value);
        if (envelope) yield envelope;
      }
    } finally {
      // Also runs when the consumer breaks out of its loop.
      await this.close();
      events.return?.().catch(() => undefined);
    }
  }

  /** Checkpoint and caught-up messages never arrive here: the client emits them as events. */
  private accept(resolved: AllStreamResolvedEvent): EventEnvelope | undefined {
    const record = resolved.event;
    if (!record) return undefined;
    const position = commitOf(record.position) ?? resolved.commitPosition;
    if (position === undefined) return undefined;
    // KurrentDB already starts after the given position; this keeps `after` exclusive regardless.
    if (this.after !== undefined && position <= this.after) return undefined;
    if (isSystemEvent(record)) return undefined;
    return toEnvelope(record, position);
  }

  private async release(): Promise<void> {
    const source = this.source;
    try {
      if (source) {
        await source.unsubscribe().catch(() => undefined);
        source.destroy();
      }
    } finally {
      this.onClosed();
    }
  }
}
