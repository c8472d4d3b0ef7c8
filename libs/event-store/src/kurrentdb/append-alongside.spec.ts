import { randomUUID } from 'node:crypto';
import { newEvent } from '../contract/helpers';
import { WrongExpectedVersion } from '../errors';
import { createKurrentDbEventStore, type KurrentDbEventStore } from './kurrentdb-event-store';

const KURRENTDB_URL = process.env.KURRENTDB_URL;

/**
 * AppendOptions.alongside on KurrentDB: no transaction spans KurrentDB and PostgreSQL, so the
 * caller's rows are written once the append is acknowledged (null transaction), never for a refused
 * append or a retry that finds its events.
 */
(KURRENTDB_URL ? describe : describe.skip)('KurrentDB: appending alongside the caller’s rows', () => {
  let store: KurrentDbEventStore;
  beforeAll(() => (store = createKurrentDbEventStore(KURRENTDB_URL!)));
  afterAll(async () => store.close());

  it('runs after the append, without a transaction; not for a refused append or a retry', async () => {
    const streamId = `alongside-${randomUUID()}`;
    const calls: Array<{ transaction: unknown; events: number }> = [];
    const alongside = async (transaction: unknown) => void calls.push({ transaction, events: (await store.readStream(streamId)).length });
    const event = newEvent();
    await store.appendToStream(streamId, [event], { expectedVersion: 'no_stream', alongside });
    await expect(store.appendToStream(streamId, [newEvent()], { expectedVersion: 'no_stream', alongside })).rejects.toBeInstanceOf(
      WrongExpectedVersion,
    );
    await store.appendToStream(streamId, [event], { expectedVersion: 'no_stream', alongside });
    expect(calls).toEqual([{ transaction: null, events: 1 }]);
  });
});
