/**
 * A rebuild's batches handed to its read models, each on a lane of its own: a lane applies the
 * batches in the order they were pushed, one after the other, and starts the next as soon as it is
 * done with one, not when the slowest read model is. Handed the same batch and waiting for all of
 * them, the faster read models sat idle at the end of every batch while the dashboard finished its
 * share (on the bench's 1M log the two cores were 82% busy over the rebuild); here they work on
 * the next batches meanwhile, at most `ahead` batches in front of the slowest lane, so the batches
 * held in memory stay bounded.
 *
 * A failure stops every lane: no lane starts a batch after it, and it comes out of `push` or
 * `drain` once every lane has finished the batch it was applying (no transaction left running
 * behind it).
 */
export class Lanes<B> {
  /** Each lane's last batch: settles once the lane has applied it, or skipped it after a failure. */
  private readonly tails: Array<Promise<void>>;
  /** Batches pushed that some lane has still to apply, oldest first: each settles once every lane has. */
  private readonly pending: Array<Promise<void>> = [];
  private failure?: { error: unknown };

  constructor(
    /** What each lane does with a batch. */
    private readonly lanes: ReadonlyArray<(batch: B) => Promise<void>>,
    /** Batches a lane may be in front of the slowest, at most (0: every lane waits for all at each batch). */
    private readonly ahead: number,
  ) {
    this.tails = lanes.map(() => Promise.resolve());
  }

  /**
   * Queues `batch` on every lane; answers once no more than `ahead` batches are left that some lane
   * has still to apply. Throws the first failure of any lane, once every lane has stopped.
   */
  async push(batch: B): Promise<void> {
    const applied = this.lanes.map((apply, i) => (this.tails[i] = this.tails[i].then(() => this.run(apply, batch))));
    this.pending.push(Promise.all(applied).then(() => undefined));
    while (this.pending.length > this.ahead && !this.failure) await this.pending.shift();
    if (this.failure) await this.drain();
  }

  /** Waits until every lane has applied every batch pushed, or stopped after a failure; throws the first failure. */
  async drain(): Promise<void> {
    await Promise.all(this.tails);
    this.pending.length = 0;
    if (this.failure) throw this.failure.error;
  }

  /** Never rejects: a lane's failure is kept, and every lane skips what comes after it. */
  private async run(apply: (batch: B) => Promise<void>, batch: B): Promise<void> {
    if (this.failure) return;
    try {
      await apply(batch);
    } catch (error) {
      this.failure ??= { error };
    }
  }
}
