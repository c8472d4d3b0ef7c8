import type { ProjectionContext } from './projection';
import { RowCache, type RowSlot, type SlotChange } from './row-cache';
import { RowSpill } from './row-spill';

/** A slot whose states are their keys, recording what the cache writes of it. */
function recordingSlot(name: string): RowSlot<string> & { written: string[] } {
  const written: string[] = [];
  return {
    name,
    written,
    load: async () => new Map(),
    write: async (_ctx, changes) => {
      written.push(...changes.map((c) => c.state));
    },
  };
}

// The cache hands the context to the slot's write and uses nothing of it itself.
const ctx = {} as ProjectionContext;

/** Keeps each key as a new state of itself (what a batch's `write` hands the cache). */
function keep(cache: RowCache, slot: RowSlot<string>, keys: readonly string[]): void {
  cache.keep(
    slot,
    keys.map((key) => ({ key, state: key })),
  );
}

/** What the store says of the batch to come: each key's next position (Infinity: none). */
function tell(cache: RowCache, ahead: ReadonlyArray<[string, number]>): void {
  cache.foresee(() => new Map(ahead));
}

describe('a rebuild row cache over its bound', () => {
  it('told nothing of the log to come, writes and forgets the least recently used states first', async () => {
    const slot = recordingSlot('cases');
    const cache = new RowCache(4);
    keep(cache, slot, ['a', 'b', 'c', 'd']);
    cache.split(slot, ['a']); // a used again: b is now the least recently used
    keep(cache, slot, ['e']);

    await cache.trim(ctx);

    // Down to three quarters of 4: two of the five go, the two used longest ago.
    expect(slot.written).toEqual(['b', 'c']);
    expect(cache.split(slot, ['a', 'd', 'e']).missing).toEqual([]);
  });

  it('told where each key goes on, writes first the finished ones, then those needed furthest ahead', async () => {
    const slot = recordingSlot('cases');
    const cache = new RowCache(4);
    tell(cache, [
      ['a', 500],
      ['b', 120],
      ['c', Infinity],
      ['d', 900],
      ['e', 130],
    ]);
    keep(cache, slot, ['a', 'b', 'c', 'd', 'e']);

    await cache.trim(ctx);

    // c has no event left: its state is final. d comes back last of the rest.
    expect(slot.written).toEqual(['c', 'd']);
    expect(cache.split(slot, ['a', 'b', 'e']).missing).toEqual([]);
  });

  it('keeps what it was last told of a key its read model skipped, not a position the log has passed', async () => {
    const slot = recordingSlot('cases');
    const cache = new RowCache(3);
    tell(cache, [
      ['a', 100],
      ['b', 200],
      ['c', 300],
    ]);
    keep(cache, slot, ['a', 'b', 'c']);
    // The batch has a's event at 100, of a type this read model does not apply: a is not touched,
    // but the store said a goes on only at 1,000.
    tell(cache, [['a', 1_000]]);
    keep(cache, slot, ['x']);

    await cache.trim(ctx);

    // Down to three quarters of 3: two go, a (1,000) and c (300); with a still at 100, c and b would have.
    expect(slot.written).toEqual(['a', 'c']);
    expect(cache.split(slot, ['b', 'x']).missing).toEqual([]);
  });

  it('takes what it was told of a batch that never used it, before the next batch is told', async () => {
    const slot = recordingSlot('cases');
    const cache = new RowCache(3);
    tell(cache, [
      ['a', 100],
      ['b', 200],
      ['c', 300],
    ]);
    keep(cache, slot, ['a', 'b', 'c']);
    // A batch of events the read model skips: a goes on only at 1,000. Nothing reads the cache.
    tell(cache, [['a', 1_000]]);
    tell(cache, [['x', 400]]);
    keep(cache, slot, ['x']);

    await cache.trim(ctx);

    expect(slot.written).toEqual(['a', 'x']);
  });

  it('forgets a state it holds as loaded without writing it', async () => {
    const slot = recordingSlot('cases');
    const cache = new RowCache(3);
    tell(cache, [
      ['a', Infinity],
      ['b', 10],
      ['c', 20],
      ['d', 30],
    ]);
    cache.loaded(slot, new Map([['a', 'a']]));
    keep(cache, slot, ['b', 'c', 'd']);

    await cache.trim(ctx);

    // a and d go; a as the tables have it already.
    expect(slot.written).toEqual(['d']);
    expect(cache.split(slot, ['a', 'b', 'c']).missing).toEqual(['a']);
  });

  it('evicts a key from every slot that holds it together, whichever slot holds the most rows', async () => {
    const cases = recordingSlot('cases');
    const deadlines = recordingSlot('deadlines');
    const cache = new RowCache(4);
    tell(cache, [
      ['a', 50],
      ['b', 900],
      ['c', 60],
    ]);
    keep(cache, cases, ['a', 'b', 'c']);
    keep(cache, deadlines, ['b', 'c']);

    await cache.trim(ctx);

    expect(cases.written).toEqual(['b']);
    expect(deadlines.written).toEqual(['b']);
    expect(cache.size).toBe(3);
  });
});

describe('a rebuild row cache and a slot that writes only what changed', () => {
  type Row = { id: string; v: number };
  /** A list slot (a case's deadlines, say) recording what the cache hands its write. */
  function listSlot(writesChanges: boolean): RowSlot<readonly Row[]> & { handed: Array<SlotChange<readonly Row[]>> } {
    const handed: Array<SlotChange<readonly Row[]>> = [];
    return {
      name: 'deadlines',
      handed,
      writesChanges,
      load: async () => new Map(),
      write: async (_ctx, changes) => {
        handed.push(...changes);
      },
      rows: (rows) => rows.length,
    };
  }
  const first = { id: 'x', v: 1 };
  const second = { id: 'y', v: 1 };
  const secondChanged = { id: 'y', v: 2 };

  it('hands the state the tables hold beside the one evicted, so unchanged rows are not written again', async () => {
    const slot = listSlot(true);
    const cache = new RowCache(2);
    tell(cache, [
      ['a', Infinity],
      ['b', 10],
    ]);
    cache.loaded(slot, new Map([['a', [first, second]]]));
    cache.keep(slot, [
      { key: 'a', state: [first, secondChanged] },
      { key: 'b', state: [first] },
    ]);

    await cache.trim(ctx);

    // Three rows over a bound of two: a goes (finished), b stays.
    expect(slot.handed).toEqual([{ state: [first, secondChanged], stored: [first, second], fresh: false }]);
    // The very rows loaded: what the slot tells apart by identity.
    expect(slot.handed[0].stored?.[0]).toBe(first);
  });

  it('hands no stored state for a key the tables did not hold, nor at the flush', async () => {
    const slot = listSlot(true);
    const cache = new RowCache(10);
    cache.keep(slot, [{ key: 'new', state: [first] }]);
    cache.loaded(slot, new Map([['old', [second]]]));
    cache.keep(slot, [{ key: 'old', state: [secondChanged] }]);

    await cache.flush(ctx);

    expect(slot.handed).toEqual([
      { state: [first], stored: undefined, fresh: false },
      { state: [secondChanged], stored: [second], fresh: false },
    ]);
  });

  it('keeps no second state for a slot that writes its states whole', async () => {
    const slot = listSlot(false);
    const cache = new RowCache(10);
    cache.loaded(slot, new Map([['a', [first, second]]]));
    cache.keep(slot, [{ key: 'a', state: [first, secondChanged] }]);

    await cache.flush(ctx);

    expect(slot.handed).toEqual([{ state: [first, secondChanged], stored: undefined, fresh: false }]);
  });
});

describe('a rebuild row cache with a spill', () => {
  /** A slot recording what the cache writes and what it is asked to load. */
  function slotWithLoads(name: string): RowSlot<string> & { written: string[]; loads: string[][] } {
    const written: string[] = [];
    const loads: string[][] = [];
    return {
      name,
      written,
      loads,
      load: async (_ctx, keys) => {
        loads.push([...keys]);
        return new Map();
      },
      write: async (_ctx, changes) => {
        written.push(...changes.map((c) => c.state));
      },
    };
  }
  let spill: RowSpill;
  beforeEach(() => (spill = new RowSpill()));
  afterEach(() => spill.close());

  it('sets aside the states the log comes back to instead of writing them, and writes the finished ones', async () => {
    const slot = slotWithLoads('cases');
    const cache = new RowCache(3, spill);
    tell(cache, [
      ['open-far', 900],
      ['done', Infinity],
      ['open-near', 10],
      ['open-next', 20],
    ]);
    keep(cache, slot, ['open-far', 'done', 'open-near', 'open-next']);

    await cache.trim(ctx);

    expect(slot.written).toEqual(['done']);
    expect(spill.has('cases', 'open-far')).toBe(true);
    // It comes back from the spill, not from the tables, and is still to be written.
    expect(cache.split(slot, ['open-far']).held.get('open-far')).toBe('open-far');
    expect(spill.has('cases', 'open-far')).toBe(false);
    await cache.flush(ctx);
    expect(slot.written.sort()).toEqual(['done', 'open-far', 'open-near', 'open-next']);
  });

  it('writes at the flush what is still set aside and was changed, and nothing it only loaded', async () => {
    const slot = slotWithLoads('cases');
    const cache = new RowCache(2, spill);
    tell(cache, [
      ['changed', 500],
      ['loaded', 600],
      ['held', 10],
    ]);
    keep(cache, slot, ['changed']);
    cache.loaded(slot, new Map([['loaded', 'loaded']]));
    keep(cache, slot, ['held']);

    await cache.trim(ctx);
    expect(slot.written).toEqual([]);
    await cache.flush(ctx);

    expect(slot.written.sort()).toEqual(['changed', 'held']);
    expect(spill.size).toBe(0);
  });

  it('takes back what it set aside of a key once the log has finished with it, and writes it at the next trim', async () => {
    const cases = slotWithLoads('cases');
    const units = slotWithLoads('units');
    const cache = new RowCache(2, spill);
    tell(cache, [
      ['a', 900],
      ['b', 10],
    ]);
    keep(cache, cases, ['a', 'b']);
    keep(cache, units, ['a']);
    await cache.trim(ctx);
    expect(spill.has('units', 'a')).toBe(true);

    // A batch with a's last event, of a kind only the cases' slot reads: its units' state is not read again.
    tell(cache, [
      ['a', Infinity],
      ['c', 20],
    ]);
    expect(cache.split(cases, ['a']).missing).toEqual([]);
    keep(cache, cases, ['c']);
    await cache.trim(ctx);

    // a, finished, is written from both slots; c, which the log comes back to, is set aside.
    expect(spill.has('units', 'a')).toBe(false);
    expect(spill.has('cases', 'c')).toBe(true);
    expect(units.written).toEqual(['a']);
    expect(cases.written).toEqual(['a']);
  });

  it('gives a list back with the stored state it was set aside with', async () => {
    type Row = { id: string; v: number };
    const handed: Array<SlotChange<readonly Row[]>> = [];
    const slot: RowSlot<readonly Row[]> = {
      name: 'deadlines',
      writesChanges: true,
      load: async () => new Map(),
      write: async (_ctx, changes) => {
        handed.push(...changes);
      },
      rows: (rows) => rows.length,
    };
    const cache = new RowCache(2, spill);
    const kept = { id: 'x', v: 1 };
    tell(cache, [
      ['a', 900],
      ['b', 10],
    ]);
    cache.loaded(slot, new Map([['a', [kept, { id: 'y', v: 1 }]]]));
    cache.keep(slot, [
      { key: 'a', state: [kept, { id: 'y', v: 2 }] },
      { key: 'b', state: [{ id: 'z', v: 1 }] },
    ]);

    await cache.trim(ctx);
    expect(handed).toEqual([]);
    const back = cache.split(slot, ['a']).held.get('a')!;
    await cache.flush(ctx);

    const a = handed.find((c) => c.state === back)!;
    expect(a.stored).toEqual([{ id: 'x', v: 1 }]);
    expect(a.stored![0]).toBe(back[0]);
  });
});

describe('a rebuild row cache and what the tables hold of a key (fresh: its rows inserted without looking for them)', () => {
  type Row = { id: string; v: number };
  function listSlot(): RowSlot<readonly Row[]> & { handed: Map<string, SlotChange<readonly Row[]>> } {
    const handed = new Map<string, SlotChange<readonly Row[]>>();
    return {
      name: 'deadlines',
      handed,
      writesChanges: true,
      load: async () => new Map(),
      // The state's first row names its key here.
      write: async (_ctx, changes) => {
        for (const change of changes) handed.set(change.state[0].id, change);
      },
      rows: (rows) => rows.length,
    };
  }
  let spill: RowSpill;
  beforeEach(() => (spill = new RowSpill()));
  afterEach(() => spill.close());

  it('is fresh for a key read and found nowhere, or loaded as no rows; not for one loaded with rows, or kept unread', async () => {
    const slot = listSlot();
    const cache = new RowCache(100);
    cache.loaded(
      slot,
      new Map([
        ['empty', []],
        ['held', [{ id: 'held', v: 1 }]],
      ]),
    );
    cache.keep(slot, [
      { key: 'absent', state: [{ id: 'absent', v: 1 }], fresh: true },
      { key: 'empty', state: [{ id: 'empty', v: 1 }] },
      { key: 'held', state: [{ id: 'held', v: 2 }] },
      { key: 'unread', state: [{ id: 'unread', v: 1 }] },
    ]);
    // Kept again in a later batch: a key held stays as fresh as it was, whatever the batch says.
    cache.keep(slot, [
      { key: 'absent', state: [{ id: 'absent', v: 2 }] },
      { key: 'held', state: [{ id: 'held', v: 3 }], fresh: true },
    ]);

    await cache.flush(ctx);

    const fresh = Object.fromEntries([...slot.handed].map(([key, change]) => [key, change.fresh]));
    expect(fresh).toEqual({ absent: true, empty: true, held: false, unread: false });
  });

  it('stays fresh through the spill, and a key written and read again is not', async () => {
    const slot = listSlot();
    const cache = new RowCache(2, spill);
    tell(cache, [
      ['a', 900],
      ['b', 10],
      ['c', Infinity],
    ]);
    cache.keep(slot, [
      { key: 'a', state: [{ id: 'a', v: 1 }], fresh: true },
      { key: 'b', state: [{ id: 'b', v: 1 }], fresh: true },
      { key: 'c', state: [{ id: 'c', v: 1 }], fresh: true },
    ]);
    await cache.trim(ctx); // c written (finished), a set aside
    expect(spill.has('deadlines', 'a')).toBe(true);
    expect(slot.handed.get('c')?.fresh).toBe(true);

    // c comes back (the log had more of it after all: a rebuild's tail): the tables now hold its row.
    cache.loaded(slot, new Map([['c', [{ id: 'c', v: 1 }]]]));
    cache.keep(slot, [{ key: 'c', state: [{ id: 'c', v: 2 }] }]);
    cache.split(slot, ['a']);
    await cache.flush(ctx);

    expect(slot.handed.get('a')?.fresh).toBe(true);
    expect(slot.handed.get('b')?.fresh).toBe(true);
    expect(slot.handed.get('c')).toMatchObject({ state: [{ id: 'c', v: 2 }], fresh: false });
  });
});
