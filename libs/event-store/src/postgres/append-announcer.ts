import { Pool } from 'pg';
import { APPENDED_CHANNEL } from './append-notifier';

/**
 * Shortest time between two announcements while appends keep coming (the default). Each one is a
 * round trip and a transaction, about as much CPU as an append's own query: at 2 ms, a store
 * appending 600 times a second on the shared 2-core machine spent 0.2–0.3 ms more Node CPU per
 * append than the same appends without the store around them, at 10 ms 0.03–0.17 ms
 * (bench/append-ablation.ts, `store` and `store-gap10`, 8 writers). A process that follows
 * another's appends hears of them at most this much later while they keep coming.
 */
export const ANNOUNCE_GAP_MS = 10;

/**
 * Tells the stores of other processes (the projector, when the API runs alone) that this store
 * appended: a NOTIFY sent after the append returned, outside its transaction, on a connection of
 * its own.
 *
 * Why not NOTIFY inside the append, as before: a transaction that notifies takes one lock for the
 * whole server at commit and holds it while its commit is flushed to disk, so concurrent appends
 * committed one after the other (1,106 appends/s at 8 writers with it, 2,142 without). Here, one
 * NOTIFY covers every append that returned before it was sent, and one starts at most every
 * ANNOUNCE_GAP_MS: an append more than that after the last announcement is announced at once (one
 * round trip later than a NOTIFY at commit), the others with the next one, at most that much later.
 * A stream of appends costs at most a hundred small transactions a second, however they come:
 * counted from the start of the last announcement, not from its end, or appends one at a time,
 * each returning after the last announcement had ended, would each get one of their own (they did:
 * one NOTIFY per append with a single writer, 0.72x the raw INSERT's appends where the function
 * alone made 0.97x). Its commit need not reach the disk (synchronous_commit off): a lost
 * announcement only delays readers until their next poll.
 *
 * Why not follow the head instead (each process polling max(global_position) every few ms): it
 * would cost every process a query per few ms, idle or not, and still add that delay.
 *
 * The payload is the announcing store's own mark, so its own listener ignores it: that store has
 * woken its subscribers already (AppendNotifier.appended).
 */
export class AppendAnnouncer {
  private readonly pool: Pool;
  private sending = false;
  private again = false;
  private closed = false;
  private flight?: Promise<void>;
  private closing?: Promise<void>;
  /** When the last announcement was sent, on the monotonic clock (a wall clock set back would hold announcements back). */
  private lastSentAt = -Infinity;

  constructor(
    connectionString: string,
    private readonly mark: string,
    private readonly onError?: (error: Error) => void,
    private readonly gapMs = ANNOUNCE_GAP_MS,
  ) {
    this.pool = new Pool({
      connectionString,
      max: 1,
      options: '-c synchronous_commit=off',
      // Kept open while idle, so the first append after a quiet spell is not announced a connection
      // set-up late; and it does not keep a process alive that appended and is done.
      idleTimeoutMillis: 0,
      allowExitOnIdle: true,
      // An unreachable server holds announcements back for this long at most (polling covers them).
      connectionTimeoutMillis: 5_000,
      query_timeout: 5_000,
    });
    // A broken idle connection is replaced at the next announcement.
    this.pool.on('error', (error) => this.onError?.(error));
  }

  /** Announces that an append committed: now, or with the next announcement, at most ANNOUNCE_GAP_MS later. */
  announce(): void {
    if (this.closed) return;
    if (this.sending) {
      this.again = true;
      return;
    }
    this.flight = this.send();
  }

  /** Sends what is announced meanwhile too, then stops taking announcements. Closing again waits for the same end. */
  close(): Promise<void> {
    this.closed = true;
    this.closing ??= (async () => {
      await this.flight;
      await this.pool.end();
    })();
    return this.closing;
  }

  /**
   * One NOTIFY, no sooner than ANNOUNCE_GAP_MS after the last one started, and another for the
   * appends that returned while it was on its way, for as long as they come. Sent even when the
   * store is closing meanwhile: the appends it covers have committed.
   */
  private async send(): Promise<void> {
    // Cleared in the same turn as the last check of `again`: an append returning in between would
    // otherwise find the flight on its way out and go unannounced.
    this.sending = true;
    try {
      do {
        const wait = this.lastSentAt + this.gapMs - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        // Every append announced until now has returned: this NOTIFY covers it. Only those that
        // return while it is on its way need another.
        this.again = false;
        this.lastSentAt = performance.now();
        try {
          await this.pool.query('SELECT pg_notify($1, $2)', [APPENDED_CHANNEL, this.mark]);
        } catch (error) {
          // The database is unreachable: readers poll meanwhile; the next append tries again.
          this.onError?.(error as Error);
          return;
        }
      } while (this.again);
    } finally {
      this.sending = false;
    }
  }
}
