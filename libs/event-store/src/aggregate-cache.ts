/** A stream's state as this process last folded it, and the version and position it is folded up to. */
export interface CachedAggregate {
  /** The decider that folded it: a state is only ever handed back to the same one. */
  decider: object;
  state: unknown;
  version: number;
  position: bigint | null;
}

/**
 * The states of the streams this process last decided on, so the next command on one reads only
 * the events appended since (its tail: usually none) instead of the whole stream, and folds only
 * those. The log stays the truth: every load still asks the store for what follows the version held,
 * so an append by another process, or by another path of this one, is folded in before deciding.
 * States are never changed in place (deciders' `evolve` returns a new state), so a held one can be
 * shared. The least recently used stream is forgotten past `capacity`.
 */
export class AggregateCache {
  private readonly entries = new Map<string, CachedAggregate>();

  constructor(readonly capacity = 5_000) {}

  /** The stream's held state, if it was folded by this decider; it becomes the most recently used. */
  get(streamId: string, decider: object): CachedAggregate | null {
    const entry = this.entries.get(streamId);
    if (!entry || entry.decider !== decider) return null;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return entry;
  }

  set(streamId: string, entry: CachedAggregate): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** What a failed append leaves uncertain (it may have committed before the error reached us). */
  forget(streamId: string): void {
    this.entries.delete(streamId);
  }

  get size(): number {
    return this.entries.size;
  }
}
