/**
 * Answers computed once per state of what they are a pure function of, shared by every request
 * that finds the same state. The caller reads the version (one cheap statement: a read model's
 * checkpoint, and whatever else the answer depends on, such as the next instant something becomes
 * late after the one asked about) and passes it with the key; the memo computes afresh when the
 * version differs from the one held. A computation reads several statements, each with its own
 * snapshot: it is kept only when the version read again after it is still the same (nothing changed
 * the read model in between; every change moves its checkpoint). Nothing is refreshed in the
 * background, so no answer depends on when a job ran. At most `capacity` keys are held, the least
 * recently asked dropped first. RankedYears (appraisals/ranked-years.ts) follows the same rules.
 */
export class VersionedMemo<Value> {
  private readonly held = new Map<string, { version: string; value: Promise<Value> }>();

  constructor(private readonly capacity: number) {}

  /**
   * The value of `key` at `version`: held, or from `compute`, which also says whether the version
   * after it was still `version` (`keep`); a failed or unkept computation still answers this request.
   */
  get(key: string, version: string, compute: () => Promise<{ value: Value; keep: boolean }>): Promise<Value> {
    const held = this.held.get(key);
    if (held?.version === version) {
      this.held.delete(key);
      this.held.set(key, held);
      return held.value;
    }
    const computing = compute();
    const entry = { version, value: computing.then(({ value }) => value) };
    this.held.delete(key);
    this.held.set(key, entry);
    while (this.held.size > this.capacity) this.held.delete(this.held.keys().next().value!);
    const forget = () => this.held.get(key) === entry && this.held.delete(key);
    computing.then(({ keep }) => keep || forget(), forget);
    return entry.value;
  }

  /** How many keys are held (bounded by the capacity). */
  get size(): number {
    return this.held.size;
  }
}
