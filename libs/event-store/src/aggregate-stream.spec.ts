import { randomUUID } from 'node:crypto';
import { DomainError } from '@app/domain';
import { useEventStoreDatabase } from '../../../test/support/event-log';
import { AggregateCache } from './aggregate-cache';
import { decideAndAppend, decideAndAppendRetrying, type StreamDecider } from './aggregate-stream';
import { StreamMoved, WrongExpectedVersion } from './errors';
import type { EventStore } from './event-store';

/** A counter: "Increment" records the count it reached, so a decision made on a stale state shows. */
type Counted = { type: 'Counted'; data: { count: number } };
const counter: StreamDecider<{ type: 'Increment' }, Counted, number> = {
  initialState: () => 0,
  decide: (_command, count) => [{ type: 'Counted', data: { count: count + 1 } }],
  evolve: (_count, event) => event.data.count,
  schemaVersion: () => 1,
};
/** The counter with a gate: "PassGate" counts on only once the count has reached `atLeast`. */
type GateCommand = { type: 'Increment' } | { type: 'PassGate'; atLeast: number };
const gated: StreamDecider<GateCommand, Counted, number> = {
  ...counter,
  decide: (command, count) =>
    command.type === 'PassGate' && count < command.atLeast
      ? new DomainError('GATE_CLOSED', `the count is ${count}, below ${command.atLeast}`)
      : [{ type: 'Counted', data: { count: count + 1 } }],
};
const metadata = { actorId: 'test', role: 'system', unitId: null, correlationId: 'c', occurredAt: '2026-11-21T00:00:00Z' };

const db = useEventStoreDatabase({ per: 'file' });

describe('decideAndAppendRetrying', () => {
  /** A store on which another writer increments the stream just before each of our next `times` appends. */
  function contended(times: number): EventStore {
    let left = times;
    return Object.assign(Object.create(db.store), {
      appendToStream: async (...args: Parameters<EventStore['appendToStream']>) => {
        if (left-- > 0) await decideAndAppend(db.store, args[0], counter, { type: 'Increment' }, { metadata });
        return db.store.appendToStream(...args);
      },
    });
  }

  it('decides again on the new state when another writer appended in between', async () => {
    const stream = `counter-${randomUUID()}`;
    const result = await decideAndAppendRetrying(contended(2), stream, counter, { type: 'Increment' }, { metadata });
    expect(result.events).toEqual([{ type: 'Counted', data: { count: 3 } }]);
    expect((await db.store.readStream(stream)).map((e) => (e.data as Counted['data']).count)).toEqual([1, 2, 3]);
  });

  it('gives up with WrongExpectedVersion after its attempts', async () => {
    const stream = `counter-${randomUUID()}`;
    await expect(decideAndAppendRetrying(contended(3), stream, counter, { type: 'Increment' }, { metadata }, 3)).rejects.toBeInstanceOf(
      WrongExpectedVersion,
    );
    expect(await db.store.readStream(stream)).toHaveLength(3); // only the other writer's increments
  });
});

describe('decideAndAppend', () => {
  /** The store, counting the streams read. */
  function counting(): { store: EventStore; reads: string[] } {
    const reads: string[] = [];
    const store = Object.assign(Object.create(db.store), {
      readStream: (...args: Parameters<EventStore['readStream']>) => {
        reads.push(args[0]);
        return db.store.readStream(...args);
      },
    }) as EventStore;
    return { store, reads };
  }

  it('newStream decides on the initial state without reading the stream', async () => {
    const stream = `counter-${randomUUID()}`;
    const { store, reads } = counting();
    const result = await decideAndAppend(store, stream, counter, { type: 'Increment' }, { metadata, newStream: true });
    expect(result).toMatchObject({ events: [{ type: 'Counted', data: { count: 1 } }], version: 1 });
    expect(reads).toEqual([]);
  });

  it('newStream on a stream that exists after all is WrongExpectedVersion, and appends nothing', async () => {
    const stream = `counter-${randomUUID()}`;
    await decideAndAppend(db.store, stream, counter, { type: 'Increment' }, { metadata });
    await expect(decideAndAppend(db.store, stream, counter, { type: 'Increment' }, { metadata, newStream: true })).rejects.toBeInstanceOf(
      WrongExpectedVersion,
    );
    expect(await db.store.readStream(stream)).toHaveLength(1);
  });

  it('an expected version on a stream that does not exist: the decider refusing the command there comes first, not WrongExpectedVersion', async () => {
    const stream = `counter-${randomUUID()}`;
    const refused = decideAndAppend(db.store, stream, gated, { type: 'PassGate', atLeast: 1 }, { metadata, expectedVersion: 1 });
    await expect(refused).rejects.toMatchObject({ code: 'GATE_CLOSED' });
    // A command the decider would take there still finds the version it expected missing.
    await expect(decideAndAppend(db.store, stream, gated, { type: 'Increment' }, { metadata, expectedVersion: 1 })).rejects.toBeInstanceOf(
      WrongExpectedVersion,
    );
    expect(await db.store.readStream(stream)).toHaveLength(0);
  });

  it('an expected version the stream is not at: a refusal the caller says no version changes comes first; any other refusal, or none, is WrongExpectedVersion', async () => {
    const stream = `counter-${randomUUID()}`;
    await decideAndAppend(db.store, stream, gated, { type: 'Increment' }, { metadata });
    const gateClosed = (refusal: Error) => (refusal as DomainError).code === 'GATE_CLOSED';
    const stale = { metadata, expectedVersion: 5, refusedWhateverVersion: gateClosed };
    await expect(decideAndAppend(db.store, stream, gated, { type: 'PassGate', atLeast: 3 }, stale)).rejects.toMatchObject({
      code: 'GATE_CLOSED',
    });
    await expect(
      decideAndAppend(db.store, stream, gated, { type: 'PassGate', atLeast: 3 }, { ...stale, refusedWhateverVersion: () => false }),
    ).rejects.toBeInstanceOf(WrongExpectedVersion);
    await expect(decideAndAppend(db.store, stream, gated, { type: 'Increment' }, stale)).rejects.toBeInstanceOf(WrongExpectedVersion);
    expect(await db.store.readStream(stream)).toHaveLength(1);
  });

  it('a command still being looked up is decided once it is complete; if the look-up fails, that is the error and nothing is appended', async () => {
    const stream = `counter-${randomUUID()}`;
    const lookedUp = new Promise<{ type: 'Increment' }>((resolve) => setTimeout(() => resolve({ type: 'Increment' }), 20));
    expect((await decideAndAppend(db.store, stream, counter, lookedUp, { metadata })).version).toBe(1);

    const refused = Promise.reject(new Error('unit retired'));
    await expect(decideAndAppend(db.store, stream, counter, refused, { metadata })).rejects.toThrow('unit retired');
    expect(await db.store.readStream(stream)).toHaveLength(1);
  });
});

describe('decideAndAppend with the states this process holds (AggregateCache)', () => {
  const counts = async (stream: string) => (await db.store.readStream(stream)).map((e) => (e.data as Counted['data']).count);

  /** The store, recording each stream read: from which version, and how many events came back. */
  function reading(): { store: EventStore; reads: Array<{ fromVersion: number; events: number }> } {
    const reads: Array<{ fromVersion: number; events: number }> = [];
    const store = Object.assign(Object.create(db.store), {
      readStream: async (...args: Parameters<EventStore['readStream']>) => {
        const events = await db.store.readStream(...args);
        reads.push({ fromVersion: args[1]?.fromVersion ?? 1, events: events.length });
        return events;
      },
    }) as EventStore;
    return { store, reads };
  }

  it('decides on the state it holds without reading the stream again, on the whole history', async () => {
    const stream = `counter-${randomUUID()}`;
    const cache = new AggregateCache();
    const { store, reads } = reading();
    for (let i = 0; i < 3; i++) await decideAndAppend(store, stream, counter, { type: 'Increment' }, { metadata, cache });
    expect(reads).toEqual([{ fromVersion: 1, events: 0 }]); // the first command only: nothing was held yet
    expect(await counts(stream)).toEqual([1, 2, 3]);
  });

  it('when another writer appended since, the append at the held version is refused, and the command is decided again on the tail', async () => {
    const stream = `counter-${randomUUID()}`;
    const cache = new AggregateCache();
    const { store, reads } = reading();
    await decideAndAppend(store, stream, counter, { type: 'Increment' }, { metadata, cache });
    await decideAndAppend(db.store, stream, counter, { type: 'Increment' }, { metadata }); // another process
    const result = await decideAndAppend(store, stream, counter, { type: 'Increment' }, { metadata, cache });
    expect(result).toMatchObject({ events: [{ type: 'Counted', data: { count: 3 } }], version: 3, replayed: false });
    expect(await counts(stream)).toEqual([1, 2, 3]);
    expect(reads).toEqual([
      { fromVersion: 1, events: 0 },
      { fromVersion: 2, events: 1 }, // the tail after the held version, once the append was refused
    ]);
    expect(cache.get(stream, counter)).toMatchObject({ state: 3, version: 3 });
  });

  it('a stream the command was completed from moved (decidedOn): StreamMoved to the caller, nothing appended, the state still held', async () => {
    const stream = `counter-${randomUUID()}`;
    const rules = `rules-${randomUUID()}`;
    const cache = new AggregateCache();
    const { store, reads } = reading();
    await decideAndAppend(db.store, rules, counter, { type: 'Increment' }, { metadata }); // the rules, at version 1
    await decideAndAppend(store, stream, counter, { type: 'Increment' }, { metadata, cache });
    await decideAndAppend(db.store, rules, counter, { type: 'Increment' }, { metadata }); // published again elsewhere
    const decidedOn = () => [{ streamId: rules, version: 1 }];

    // Decided on the state held, and after reading the stream: each refused for the rules it was completed from.
    await expect(decideAndAppend(store, stream, counter, { type: 'Increment' }, { metadata, cache, decidedOn })).rejects.toMatchObject({
      constructor: StreamMoved,
      streamId: rules,
      actual: 2,
    });
    const unheld = `counter-${randomUUID()}`;
    await expect(decideAndAppend(store, unheld, counter, { type: 'Increment' }, { metadata, cache, decidedOn })).rejects.toBeInstanceOf(
      StreamMoved,
    );
    expect(await counts(stream)).toEqual([1]);
    expect(await counts(unheld)).toEqual([]);
    expect(cache.get(stream, counter)).toMatchObject({ state: 1, version: 1 });
    expect(cache.get(unheld, counter)).toMatchObject({ state: 0, version: 0 });

    const again = await decideAndAppend(
      store,
      stream,
      counter,
      { type: 'Increment' },
      { metadata, cache, decidedOn: () => [{ streamId: rules, version: 2 }] },
    );
    expect(again).toMatchObject({ events: [{ type: 'Counted', data: { count: 2 } }], version: 2 });
    expect(reads).toEqual([
      { fromVersion: 1, events: 0 },
      { fromVersion: 1, events: 0 }, // the stream not held, read once
    ]);
  });

  it('two commands at once on one held stream both land, one after the other, and the newest state is held', async () => {
    const stream = `counter-${randomUUID()}`;
    const cache = new AggregateCache();
    await decideAndAppend(db.store, stream, counter, { type: 'Increment' }, { metadata, cache });
    const both = await Promise.all([
      decideAndAppend(db.store, stream, counter, { type: 'Increment' }, { metadata, cache }),
      decideAndAppend(db.store, stream, counter, { type: 'Increment' }, { metadata, cache }),
    ]);
    expect(both.map((r) => r.version).sort()).toEqual([2, 3]);
    expect(await counts(stream)).toEqual([1, 2, 3]);
    expect(cache.get(stream, counter)).toMatchObject({ state: 3, version: 3 });
  });

  it('a refusal on the state held is not the answer until the tail confirms it', async () => {
    const stream = `counter-${randomUUID()}`;
    const cache = new AggregateCache();
    await decideAndAppend(db.store, stream, gated, { type: 'Increment' }, { metadata, cache });
    await decideAndAppend(db.store, stream, gated, { type: 'Increment' }, { metadata }); // another process: the count is 2 now

    // Held: 1, which the gate refuses; the log: 2, which it lets through.
    const passed = await decideAndAppend(db.store, stream, gated, { type: 'PassGate', atLeast: 2 }, { metadata, cache });
    expect(passed.events).toEqual([{ type: 'Counted', data: { count: 3 } }]);

    // Refused on the log too: the refusal is the answer, nothing appended.
    await expect(decideAndAppend(db.store, stream, gated, { type: 'PassGate', atLeast: 9 }, { metadata, cache })).rejects.toMatchObject({
      code: 'GATE_CLOSED',
    });
    expect(await counts(stream)).toEqual([1, 2, 3]);
  });

  it("a caller's If-Match other than the version held is checked against the log: newer goes through, older is WrongExpectedVersion", async () => {
    const stream = `counter-${randomUUID()}`;
    const cache = new AggregateCache();
    await decideAndAppend(db.store, stream, counter, { type: 'Increment' }, { metadata, cache });
    await decideAndAppend(db.store, stream, counter, { type: 'Increment' }, { metadata }); // another process: version 2

    const newer = await decideAndAppend(db.store, stream, counter, { type: 'Increment' }, { metadata, cache, expectedVersion: 2 });
    expect(newer).toMatchObject({ events: [{ type: 'Counted', data: { count: 3 } }], version: 3 });
    await expect(
      decideAndAppend(db.store, stream, counter, { type: 'Increment' }, { metadata, cache, expectedVersion: 2 }),
    ).rejects.toBeInstanceOf(WrongExpectedVersion);
    expect(await counts(stream)).toEqual([1, 2, 3]);
  });

  it('a caller whose If-Match is the version held, but the log has moved on, gets WrongExpectedVersion and nothing is appended', async () => {
    const stream = `counter-${randomUUID()}`;
    const cache = new AggregateCache();
    await decideAndAppend(db.store, stream, counter, { type: 'Increment' }, { metadata, cache });
    await decideAndAppend(db.store, stream, counter, { type: 'Increment' }, { metadata }); // another process

    await expect(
      decideAndAppend(db.store, stream, counter, { type: 'Increment' }, { metadata, cache, expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(WrongExpectedVersion);
    expect(await counts(stream)).toEqual([1, 2]);
  });

  it('after an append whose answer was lost (committed, then an error), holds nothing and reads the stream again', async () => {
    const stream = `counter-${randomUUID()}`;
    const cache = new AggregateCache();
    const { store: read, reads } = reading();
    const losing = Object.assign(Object.create(read), {
      appendToStream: async (...args: Parameters<EventStore['appendToStream']>) => {
        await db.store.appendToStream(...args);
        throw new Error('connection lost after commit');
      },
    }) as EventStore;
    await decideAndAppend(read, stream, counter, { type: 'Increment' }, { metadata, cache });
    await expect(decideAndAppend(losing, stream, counter, { type: 'Increment' }, { metadata, cache })).rejects.toThrow('connection lost');
    expect(cache.size).toBe(0);
    const result = await decideAndAppend(read, stream, counter, { type: 'Increment' }, { metadata, cache });
    expect(result.events).toEqual([{ type: 'Counted', data: { count: 3 } }]);
    expect(reads.at(-1)).toEqual({ fromVersion: 1, events: 2 });
  });

  it('an idempotent retry (ids from a key) reads the whole stream and finds its earlier attempt', async () => {
    const stream = `counter-${randomUUID()}`;
    const cache = new AggregateCache();
    const ids = Array.from({ length: 4 }, () => randomUUID());
    const eventIdFor = (i: number) => ids[i];
    await decideAndAppend(db.store, stream, counter, { type: 'Increment' }, { metadata, cache });
    const first = await decideAndAppend(db.store, stream, counter, { type: 'Increment' }, { metadata, cache, eventIdFor });
    const retry = await decideAndAppend(db.store, stream, counter, { type: 'Increment' }, { metadata, cache, eventIdFor });
    expect(retry).toMatchObject({ replayed: true, version: first.version, events: first.events });
    expect(await counts(stream)).toEqual([1, 2]);
  });

  it('a state is handed back only to the decider that folded it', async () => {
    const stream = `counter-${randomUUID()}`;
    const cache = new AggregateCache();
    await decideAndAppend(db.store, stream, counter, { type: 'Increment' }, { metadata, cache });
    const other = { ...counter };
    expect(cache.get(stream, counter)).not.toBeNull();
    expect(cache.get(stream, other)).toBeNull();
  });
});

describe('AggregateCache', () => {
  const entry = (version: number) => ({ decider: counter, state: version, version, position: BigInt(version) });

  it('forgets the stream used least recently once past its capacity', () => {
    const cache = new AggregateCache(2);
    cache.set('a', entry(1));
    cache.set('b', entry(1));
    cache.get('a', counter); // a is now the most recent
    cache.set('c', entry(1));
    expect([cache.get('a', counter)?.version, cache.get('b', counter), cache.get('c', counter)?.version]).toEqual([1, null, 1]);
    expect(cache.size).toBe(2);
  });
});
