import { randomUUID } from 'node:crypto';
import { useEventStoreDatabase } from '../../../test/support/event-log';
import { decideAndAppend, decideAndAppendRetrying, type StreamDecider } from './aggregate-stream';
import { WrongExpectedVersion } from './errors';
import type { EventStore } from './event-store';

/** A counter: "Increment" records the count it reached, so a decision made on a stale state shows. */
type Counted = { type: 'Counted'; data: { count: number } };
const counter: StreamDecider<{ type: 'Increment' }, Counted, number> = {
  initialState: () => 0,
  decide: (_command, count) => [{ type: 'Counted', data: { count: count + 1 } }],
  evolve: (_count, event) => event.data.count,
  schemaVersion: () => 1,
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

  it('a command still being looked up is decided once it is complete; if the look-up fails, that is the error and nothing is appended', async () => {
    const stream = `counter-${randomUUID()}`;
    const lookedUp = new Promise<{ type: 'Increment' }>((resolve) => setTimeout(() => resolve({ type: 'Increment' }), 20));
    expect((await decideAndAppend(db.store, stream, counter, lookedUp, { metadata })).version).toBe(1);

    const refused = Promise.reject(new Error('unit retired'));
    await expect(decideAndAppend(db.store, stream, counter, refused, { metadata })).rejects.toThrow('unit retired');
    expect(await db.store.readStream(stream)).toHaveLength(1);
  });
});
