/** A stream's state as this process last folded it, and the version and position it is folded up to. */
export interface CachedAggregate {
  /** The decider that folded it: a state is only ever handed back to the same one. */
  decider: object;
  state: unknown;
  version: number;
  position: bigint | null;
}

/**
 * The states of the streams this process last decided on, so the next command on one is decided on
 * the state held, without reading the stream (aggregate-stream.ts, decideOnHeld). The log stays the
 * truth: the append at the held version is refused if anything was appended since (by another
 * process, or another path of this one), and a refusal, a decision of no events or a lost version
 * check reads the events after the held version (its tail) and decides again on them. States are
 * never changed in place (deciders' `evolve` returns a new state), so a held one can be shared. The
 * least recently used stream is forgotten past `capacity`.
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
