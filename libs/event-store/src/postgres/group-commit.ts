/** How large a group may grow: in items, and in characters of what is sent for them. */
export interface GroupLimits {
  items: number;
  chars: number;
}

interface Waiting<Item, Outcome> {
  item: Item;
  chars: number;
  resolve(outcome: Outcome): void;
  reject(error: unknown): void;
}

/**
 * Group commit: an item submitted while nothing is being committed goes at once, alone (no latency
 * added when idle); items submitted while a group is being committed wait, and go together as the
 * next group. One group in flight at a time: under load a group fills while the one before it
 * commits, so groups grow with the concurrency and each costs one commit. (Two or four groups in
 * flight make smaller groups: measured on a shared machine at 32 writers, 0.6 ms of CPU per append
 * with one in flight, 1.0 with two, 1.3 with four.)
 *
 * `commit` answers one outcome per item, in order; when it throws, every item of its group fails
 * with that error. A group never exceeds `limits` (an item larger than `limits.chars` goes alone).
 */
export class GroupCommit<Item, Outcome> {
  private readonly waiting: Waiting<Item, Outcome>[] = [];
  private committing = false;
  private readonly onSettled: (() => void)[] = [];

  constructor(
    private readonly commit: (items: readonly Item[]) => Promise<readonly Outcome[]>,
    private readonly limits: GroupLimits,
  ) {}

  /** Commits `item` with the next group; `chars` is its share of the group's size. */
  submit(item: Item, chars: number): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      this.waiting.push({ item, chars, resolve, reject });
      if (!this.committing) void this.run();
    });
  }

  /** Resolves once every item submitted so far is committed (or failed). */
  settled(): Promise<void> {
    return this.committing ? new Promise((resolve) => this.onSettled.push(resolve)) : Promise.resolve();
  }

  private async run(): Promise<void> {
    this.committing = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.next();
        try {
          const outcomes = await this.commit(group.map((w) => w.item));
          if (outcomes.length !== group.length) throw new Error(`group commit: ${outcomes.length} outcomes for ${group.length} items`);
          group.forEach((w, i) => w.resolve(outcomes[i]));
        } catch (error) {
          for (const w of group) w.reject(error);
        }
      }
    } finally {
      // Synchronously after the queue was seen empty: an item submitted from now on starts a new run.
      this.committing = false;
      for (const resolve of this.onSettled.splice(0)) resolve();
    }
  }

  /** The longest run of waiting items, in order, within the limits (at least one). */
  private next(): Waiting<Item, Outcome>[] {
    let count = 1;
    let chars = this.waiting[0].chars;
    while (count < this.waiting.length && count < this.limits.items && chars + this.waiting[count].chars <= this.limits.chars) {
      chars += this.waiting[count].chars;
      count++;
    }
    return this.waiting.splice(0, count);
  }
}
