import type { ProjectionContext } from './projection';
import type { RowSpill, SpilledState } from './row-spill';

/**
 * A rebuild's rows kept across its batches. Applied batch by batch, a read model loads and upserts
 * every row a batch touches, once per batch: a case open for months is loaded and written again in
 * every batch that has one of its events, and the longer the log, the more cases are open at once, so
 * the more rows each batch of a given size touches (generated logs: 1,275 cases per 5,000 events at
 * 100k events, 2,350 at 300k). Kept here, a case's rows are loaded once and written when they are
 * evicted (once the cache holds more than its bound: those needed furthest ahead first when the
 * store tells where each stream goes on, `foresee`, else least recently used first) or at the end:
 * once or a few times, however many batches touch them.
 *
 * Bounded by rows, not by events or cases, so that its memory does not grow with the log. Only a
 * rebuild uses it: it fills a generation nobody reads and checkpoints once, at the swap, after
 * `flush` (rebuild.ts). The live runner checkpoints every batch and must have written every row it
 * counts, so its batches write through (no cache in their context).
 */
export class RowCache {
  /**
   * By slot (its name), then key. A map per slot, so a touch looks the key up as the event gave it:
   * one string made of slot and key for every touch, to be flattened and hashed, kept `put` and
   * `split` at 6.6% of a rebuild's Node samples on the bench's 1M log (3.8% this way). A touch marks
   * the entry (`used`) and a new state replaces the entry's in place: keeping the maps in order of
   * use instead (a delete and a set at every touch), this file's own share of those samples was
   * 12.4% against 9.2% (bench/JOURNAL.md, 4 December).
   */
  private readonly slots = new Map<string, SlotEntries>();
  private rows = 0;
  /** Counts touches: an entry's `used` is the count at its last one (larger: used more recently). */
  private touches = 0;
  /** Where the log goes on for the keys of the batch being applied (foresee), once asked; none: least recently used first. */
  private ahead?: ReadonlyMap<string, number>;
  /** The batch's, until the cache first needs it: a read model that keeps no rows never works it out. */
  private foreseen?: () => ReadonlyMap<string, number>;

  constructor(
    /** Rows held at most between batches (RowSlot.rows counts them). */
    readonly maxRows: number,
    /**
     * Where evicted states the log still comes back to are set aside instead of written to the
     * tables and loaded back (row-spill.ts); none: every evicted state is written.
     */
    private readonly spill?: RowSpill,
  ) {}

  /**
   * The position of the next event for each key of the batch about to be applied (Infinity: none
   * yet), from the store (EventStore.nextPositions, by Replay): `trim` then writes and forgets first
   * the states needed furthest ahead, those of finished cases before any (Belady's rule: it knows
   * the log to come). On the bench's 1M log, a simulation of the case list's rows per batch of 2,500:
   * least recently used first, 10,000 rows write each row 2.57 times; furthest ahead first, 1.36.
   * Every key the batch has, held or not, is told: a state not touched by its event (a type its
   * read model skips) must not keep a next position that has passed. `ahead` is called when the
   * cache is first used in the batch, if ever.
   */
  foresee(ahead: () => ReadonlyMap<string, number>): void {
    // A batch that never used the cache (none of its events of a type the read model applies) still
    // moved its keys on: told now, before the next batch's, if any state is held.
    if (this.foreseen && this.slots.size > 0) this.aheadNow();
    this.foreseen = ahead;
  }

  /** The batch's `foresee`, worked out and told to the states held on first use. */
  private aheadNow(): ReadonlyMap<string, number> | undefined {
    if (this.foreseen) {
      const ahead = (this.ahead = this.foreseen());
      this.foreseen = undefined;
      for (const held of this.slots.values()) {
        if (held.entries.size === 0) continue;
        for (const [key, next] of ahead) {
          const entry = held.entries.get(key);
          if (entry) entry.next = next;
        }
      }
      if (this.spill) this.takeBackFinished(ahead);
    }
    return this.ahead;
  }

  /**
   * The states set aside of keys the log has finished with (no event after this batch): held again,
   * so that the next `trim` writes them as final. Else a state set aside that its read model does
   * not read again (a case's dispatches once it has none left to change) would stay in the spill
   * until the end, and the spill's memory grow with the log (92,410 states at the end of the
   * bench's 1M log in the dashboard's spill).
   */
  private takeBackFinished(ahead: ReadonlyMap<string, number>): void {
    for (const [key, next] of ahead) {
      if (next !== Infinity) continue;
      for (const { slot } of this.slots.values()) this.takeBack(slot, key);
    }
  }

  /** The states of `keys` it holds (each now the most recently used), and the keys it does not hold. */
  split<S>(slot: RowSlot<S>, keys: readonly string[]): { held: Map<string, S>; missing: string[] } {
    this.aheadNow();
    const held = new Map<string, S>();
    const missing: string[] = [];
    const entries = this.slots.get(slot.name)?.entries;
    for (const key of keys) {
      const entry = entries?.get(key) ?? this.takeBack(slot, key);
      if (!entry) {
        missing.push(key);
        continue;
      }
      entry.used = ++this.touches;
      held.set(key, entry.state as S);
    }
    return { held, missing };
  }

  /** The state of `key` set aside (RowSpill), held again; undefined: none set aside. */
  private takeBack(slot: RowSlot<unknown>, key: string): Entry | undefined {
    const spilled = this.spill?.take(slot.name, key);
    if (!spilled) return undefined;
    const held = this.slotOf(slot);
    this.put(held, key, spilled.state, spilled.dirty, spilled.fresh);
    const entry = held.entries.get(key)!;
    entry.stored = spilled.stored;
    return entry;
  }

  /**
   * States just loaded from the tables: kept, as the tables have them. A state of no rows (a key's
   * empty list) is fresh: the tables hold nothing of its key.
   */
  loaded<S>(slot: RowSlot<S>, found: ReadonlyMap<string, S>): void {
    const held = this.slotOf(slot as RowSlot<unknown>);
    for (const [key, state] of found) this.put(held, key, state, false, slot.rows?.(state) === 0);
  }

  /**
   * A batch's new states: kept, to be written when evicted or flushed. A key held already stays as
   * fresh as it was; a key not held is fresh if the batch read it and the tables had nothing
   * (SlotChange.fresh).
   */
  keep<S>(slot: RowSlot<S>, changes: ReadonlyArray<{ key: string; state: S; fresh?: boolean }>): void {
    const held = this.slotOf(slot as RowSlot<unknown>);
    for (const { key, state, fresh } of changes) this.put(held, key, state, true, fresh ?? false);
  }

  /**
   * Writes and forgets states while it holds more than its bound, down to three quarters of it (so
   * evictions come in large multi-row writes, not a few rows every batch): those needed furthest
   * ahead if it was told (`foresee`), else the least recently used.
   */
  async trim(ctx: ProjectionContext): Promise<void> {
    if (this.rows <= this.maxRows) return;
    await writeDirty(ctx, this.aheadNow() ? this.evictFurthestAhead() : this.evictLeastRecentlyUsed());
  }

  /** Down to three quarters of the bound, every slot in proportion to the rows it holds, least recently used first. */
  private evictLeastRecentlyUsed(): Evicted[] {
    const keep = (this.maxRows * 0.75) / this.rows;
    const evicted: Evicted[] = [];
    for (const held of this.slots.values()) {
      const target = held.rows * keep;
      const changes: SlotChange<unknown>[] = [];
      const byUse = [...held.entries].sort(([, a], [, b]) => a.used - b.used);
      for (const [key, entry] of byUse) {
        if (held.rows <= target) break;
        held.entries.delete(key);
        held.rows -= entry.rows;
        this.rows -= entry.rows;
        if (entry.dirty) changes.push({ state: entry.state, stored: entry.stored, fresh: entry.fresh });
      }
      evicted.push({ slot: held.slot, changes });
    }
    return evicted;
  }

  /**
   * Down to three quarters of the bound, the states needed furthest ahead first, whichever slot
   * holds them (a key's states in every slot have the same next event); states without a next
   * position (a key no stream of the batch named) last, least recently used first. With a spill,
   * only the states of finished keys are written (they are final); the others, which the log comes
   * back to, are set aside there, written or not, and come back from there (`split`).
   */
  private evictFurthestAhead(): Evicted[] {
    const held: Array<{ slot: SlotEntries; key: string; entry: Entry }> = [];
    for (const slot of this.slots.values()) for (const [key, entry] of slot.entries) held.push({ slot, key, entry });
    // Equal ranks: least recently used first.
    held.sort((a, b) => rankAhead(b.entry) - rankAhead(a.entry) || a.entry.used - b.entry.used);
    const target = this.maxRows * 0.75;
    const changes = new Map<SlotEntries, SlotChange<unknown>[]>();
    const aside = new Map<SlotEntries, Array<{ key: string } & SpilledState>>();
    for (const { slot, key, entry } of held) {
      if (this.rows <= target) break;
      slot.entries.delete(key);
      slot.rows -= entry.rows;
      this.rows -= entry.rows;
      if (this.spill && entry.next !== Infinity) {
        let list = aside.get(slot);
        if (!list) aside.set(slot, (list = []));
        list.push({ key, state: entry.state, dirty: entry.dirty, stored: entry.stored, fresh: entry.fresh });
        continue;
      }
      if (!entry.dirty) continue;
      let list = changes.get(slot);
      if (!list) changes.set(slot, (list = []));
      list.push({ state: entry.state, stored: entry.stored, fresh: entry.fresh });
    }
    for (const [slot, states] of aside) this.spill!.put(slot.slot.name, states);
    return [...changes].map(([slot, list]) => ({ slot: slot.slot, changes: list }));
  }

  /** Writes every state not yet written, held or set aside, and forgets them all. */
  async flush(ctx: ProjectionContext): Promise<void> {
    const slots = new Map([...this.slots.values()].map(({ slot }) => [slot.name, slot]));
    const all = [...this.slots.values()].map(({ slot, entries }) => ({
      slot,
      changes: [...entries.values()]
        .filter((entry) => entry.dirty)
        .map((entry) => ({ state: entry.state, stored: entry.stored, fresh: entry.fresh })),
    }));
    this.slots.clear();
    this.rows = 0;
    await writeDirty(ctx, all);
    if (!this.spill) return;
    // Taken back a slice at a time: what was set aside is not all in memory at once.
    const slices = new Map<string, SlotChange<unknown>[]>();
    for (const { slot, state, dirty, stored, fresh } of this.spill.takeAll()) {
      if (!dirty) continue;
      let slice = slices.get(slot);
      if (!slice) slices.set(slot, (slice = []));
      slice.push({ state, stored, fresh });
      if (slice.length >= WRITE_SLICE) {
        await slots.get(slot)!.write(ctx, slice);
        slices.delete(slot);
      }
    }
    for (const [slot, slice] of slices) await slots.get(slot)!.write(ctx, slice);
  }

  /** Rows held now. */
  get size(): number {
    return this.rows;
  }

  private slotOf(slot: RowSlot<unknown>): SlotEntries {
    let held = this.slots.get(slot.name);
    if (!held) this.slots.set(slot.name, (held = { slot, entries: new Map(), rows: 0 }));
    return held;
  }

  /** `fresh` counts for a key not held only: a held key's state stays as fresh as it was. */
  private put(held: SlotEntries, key: string, state: unknown, dirty: boolean, fresh: boolean): void {
    const rows = Math.max(1, held.slot.rows?.(state) ?? 1);
    const entry = held.entries.get(key);
    // A state not dirty is the one the tables hold: what a slot that writes only changes compares with.
    const stored = !dirty && held.slot.writesChanges ? state : undefined;
    if (entry) {
      // Its `next` is the batch's already: told when the batch first used the cache (aheadNow), or
      // when it was put in this batch.
      held.rows += rows - entry.rows;
      this.rows += rows - entry.rows;
      entry.state = state;
      if (!dirty) entry.stored = stored;
      entry.dirty = dirty;
      entry.rows = rows;
      entry.used = ++this.touches;
      return;
    }
    held.rows += rows;
    this.rows += rows;
    held.entries.set(key, { state, dirty, stored, fresh, rows, next: this.aheadNow()?.get(key), used: ++this.touches });
  }
}

/**
 * One kind of state a read model keeps per key in its tables — one table's rows of a case, say — and
 * how they are read and written. States are replaced, never changed in place: a state that is not
 * the one read is one to write, and rows of it that are also rows of `stored` need not be written.
 */
export interface RowSlot<S> {
  /** Unique among the slots of a read model (a table's logical name). */
  readonly name: string;
  /** The states of `keys` the tables hold, in one statement; keys without one are left out (or given an empty state). */
  load(ctx: ProjectionContext, keys: readonly string[]): Promise<Map<string, S>>;
  /** Writes the states (each beside what the tables hold for its key; undefined: nothing), one statement per table. */
  write(ctx: ProjectionContext, changes: ReadonlyArray<SlotChange<S>>): Promise<void>;
  /** Rows a state stands for (default 1): what the cache's bound counts. */
  rows?(state: S): number;
  /**
   * `write` passes on only what a state changed from `stored` (a key's list of rows, of which it
   * writes the rows that are not among the stored ones): the cache then keeps, beside a state it
   * changed, the one the tables hold, and evicts with it. Otherwise `stored` is undefined when the
   * cache writes (a row written whole either way, and no second version of it held).
   */
  readonly writesChanges?: boolean;
}

export interface SlotChange<S> {
  state: S;
  stored: S | undefined;
  /**
   * The tables hold no row of its key (it was read and none was found, and none has been written
   * since): its rows may be inserted without looking for them (row-batch.ts insertRows, by COPY in
   * a rebuild's bulk). Only ever true when known; false or absent: written as an upsert.
   */
  fresh?: boolean;
}

/**
 * One slot's states of a batch's keys: read in one go (from the rebuild's cache where it holds them,
 * else from the tables), replaced in memory event by event, and written back — to the cache during a
 * rebuild, else to the tables — once per batch.
 */
export class BatchRows<S> {
  private readonly current: Map<string, S>;

  constructor(
    private readonly slot: RowSlot<S>,
    /** As read, by key. */
    private readonly read: ReadonlyMap<string, S>,
    /** Keys read and found nowhere, cache or tables: their states are fresh (SlotChange.fresh). */
    private readonly absent: ReadonlySet<string> = new Set(),
  ) {
    this.current = new Map(read);
  }

  /** The slot's states of `keys`. */
  static async read<S>(ctx: ProjectionContext, slot: RowSlot<S>, keys: readonly string[]): Promise<BatchRows<S>> {
    const cache = rowCacheOf(ctx);
    if (!cache) {
      const found = keys.length === 0 ? new Map<string, S>() : await slot.load(ctx, keys);
      return new BatchRows(slot, found, new Set(keys.filter((key) => !found.has(key))));
    }
    const { held, missing } = cache.split(slot, keys);
    const absent = new Set<string>();
    if (missing.length > 0) {
      const found = await slot.load(ctx, missing);
      cache.loaded(slot, found);
      for (const [key, state] of found) held.set(key, state);
      for (const key of missing) if (!found.has(key)) absent.add(key);
    }
    return new BatchRows(slot, held, absent);
  }

  /** A key's state as the batch has it so far; undefined: none. */
  get(key: string): S | undefined {
    return this.current.get(key);
  }

  set(key: string, state: S): void {
    this.current.set(key, state);
  }

  values(): IterableIterator<S> {
    return this.current.values();
  }

  /** Writes the states the batch replaced. */
  async write(ctx: ProjectionContext): Promise<void> {
    const changes: Array<{ key: string; state: S; stored: S | undefined; fresh: boolean }> = [];
    for (const [key, state] of this.current) {
      const read = this.read.get(key);
      if (state !== read) changes.push({ key, state, stored: read, fresh: this.absent.has(key) });
    }
    if (changes.length === 0) return;
    const cache = rowCacheOf(ctx);
    if (cache) cache.keep(this.slot, changes);
    else await this.slot.write(ctx, changes);
  }
}

/**
 * A state kept. Not what the tables held before it (SlotChange.stored): kept, that would hold two
 * versions of every row a rebuild changes; evicted, a state is written whole (a case's few rows),
 * and in a rebuild most were never stored anyway (new cases).
 */
interface Entry {
  state: unknown;
  /** Replaced since it was loaded or last written. */
  dirty: boolean;
  /**
   * The state the tables hold, for a slot that `writesChanges` (undefined: none stored, or not kept).
   * A list replaced row by row shares its unchanged rows with it: what it holds besides is the rows
   * changed since the load, until the entry is written.
   */
  stored?: unknown;
  /** The tables hold no row of its key (SlotChange.fresh). */
  fresh: boolean;
  rows: number;
  /** The position of its key's next event (Infinity: none yet); undefined: not known (RowCache.foresee). */
  next?: number;
  /** When it was last touched (RowCache.touches): the least recently used go first among equals. */
  used: number;
}

/** Larger: evicted sooner. Finished keys (Infinity) first; keys of no known next event last. */
function rankAhead(entry: Entry): number {
  if (entry.next === undefined) return -1;
  return entry.next === Infinity ? Number.MAX_VALUE : entry.next;
}

/** One slot's states, by key, and the rows they stand for. */
interface SlotEntries {
  slot: RowSlot<unknown>;
  entries: Map<string, Entry>;
  rows: number;
}

/** States per statement: an eviction or the final flush is written in slices, not one parameter of them all. */
const WRITE_SLICE = 2_000;

/** A slot's states forgotten that were not written yet. */
interface Evicted {
  slot: RowSlot<unknown>;
  changes: SlotChange<unknown>[];
}

/** The states to write, slot by slot. */
async function writeDirty(ctx: ProjectionContext, evicted: readonly Evicted[]): Promise<void> {
  for (const { slot, changes } of evicted) {
    for (let at = 0; at < changes.length; at += WRITE_SLICE) await slot.write(ctx, changes.slice(at, at + WRITE_SLICE));
  }
}

/**
 * During a rebuild, the rows kept across its batches, by the batch's context (apply-events.ts sets
 * it): states read and written through BatchRows come from and go to it. None live: every batch
 * writes its rows.
 */
const caches = new WeakMap<ProjectionContext, RowCache>();

export function keepRowsIn(ctx: ProjectionContext, cache: RowCache): void {
  caches.set(ctx, cache);
}

export function rowCacheOf(ctx: ProjectionContext): RowCache | undefined {
  return caches.get(ctx);
}
