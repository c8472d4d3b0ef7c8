import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { useEventStoreDatabase } from '../../../../test/support/event-log';
import { waitUntil } from '../../../../test/support/wait';
import { newEvent } from '../contract/helpers';
import { EventIdConflict, WrongExpectedVersion } from '../errors';
import type { AppendOptions, AppendResult, NewEvent } from '../event-store';
import { eventHash } from '../integrity/event-hash';
import { AppendNotifier } from './append-notifier';
import { PostgresEventStore } from './postgres-event-store';

/**
 * Group commit on PostgreSQL: the appends a store is asked for while one of its appends is being
 * committed go together, in one transaction and one round trip (append_to_streams). Here a group is
 * made on purpose: one append goes at once, and those made in the same tick wait for it and go
 * together next.
 */
describe('PostgreSQL: concurrent appends committed as one group', () => {
  const db = useEventStoreDatabase({ per: 'file', store: { pollIntervalMs: 60_000 } });
  const stores: PostgresEventStore[] = [];
  afterAll(() => Promise.all(stores.map((s) => s.close())));
  /** A store of its own, whose queries are counted. */
  const storeCounting = () => {
    const counted = countingPool(db.pool);
    const store = new PostgresEventStore(counted.pool, db.url, { pollIntervalMs: 60_000 });
    stores.push(store);
    return { store, queries: counted.queries };
  };
  const id = (name: string) => `${name}-${randomUUID()}`;
  const settle = (promise: Promise<AppendResult>) =>
    promise.then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
  const transactionOf = async (streamId: string) =>
    (await db.pool.query('SELECT DISTINCT transaction_id::text AS tx FROM events WHERE stream_id = $1', [streamId])).rows.map((r) => r.tx);
  /** The error an append gets alone: what it must get in a group too. */
  const aloneError = async (store: PostgresEventStore, streamId: string, events: NewEvent[], options: AppendOptions) => {
    const error = await store.appendToStream(streamId, events, options).then(
      () => {
        throw new Error('expected the append to be refused');
      },
      (e: unknown) => e,
    );
    return { ...(error as object), name: (error as Error).name, message: (error as Error).message };
  };
  const asSeen = (error: unknown) => ({ ...(error as object), name: (error as Error).name, message: (error as Error).message });

  it('each append keeps its own outcome: refusals refuse only themselves, a later append to a stream sees an earlier one', async () => {
    const existing = id('existing');
    const partial = id('partial');
    const stored = newEvent();
    const partialOld = newEvent();
    const original = await db.store.appendToStream(existing, [stored], { expectedVersion: 'no_stream' });
    await db.store.appendToStream(partial, [partialOld], { expectedVersion: 'no_stream' });
    const [fresh, twice, racing] = [id('fresh'), id('twice'), id('racing')];
    const reusing = [partialOld, newEvent()];

    const { store, queries } = storeCounting();
    const first = store.appendToStream(id('first'), [newEvent()], { expectedVersion: 'no_stream' });
    const group = {
      fresh: settle(store.appendToStream(fresh, [newEvent(), newEvent()], { expectedVersion: 'no_stream' })),
      wrongVersion: settle(store.appendToStream(existing, [newEvent()], { expectedVersion: 0 })),
      retry: settle(store.appendToStream(existing, [stored], { expectedVersion: 'no_stream' })),
      reusedIds: settle(store.appendToStream(partial, reusing, { expectedVersion: 'any' })),
      twice1: settle(store.appendToStream(twice, [newEvent('First')], { expectedVersion: 'no_stream' })),
      twice2: settle(store.appendToStream(twice, [newEvent('Second')], { expectedVersion: 1 })),
      racing1: settle(store.appendToStream(racing, [newEvent()], { expectedVersion: 'no_stream' })),
      racing2: settle(store.appendToStream(racing, [newEvent()], { expectedVersion: 'no_stream' })),
    };
    await first;
    const outcomes = Object.fromEntries(await Promise.all(Object.entries(group).map(async ([k, p]) => [k, await p] as const)));

    // The first alone, then all the others in one round trip and one transaction.
    expect(queries()).toBe(2);
    const [tx] = await transactionOf(fresh);
    for (const streamId of [twice, racing]) expect(await transactionOf(streamId)).toEqual([tx]);

    expect(outcomes.fresh).toEqual({ result: { nextVersion: 2, position: expect.any(BigInt) } });
    expect(outcomes.retry).toEqual({ result: original });
    expect(outcomes.twice1).toEqual({ result: { nextVersion: 1, position: expect.any(BigInt) } });
    expect(outcomes.twice2).toEqual({ result: { nextVersion: 2, position: expect.any(BigInt) } });
    expect(outcomes.racing1).toEqual({ result: { nextVersion: 1, position: expect.any(BigInt) } });

    // Refused exactly as alone (the streams are as they were when the group refused them).
    const refused = (name: string) => ('error' in outcomes[name] ? asSeen(outcomes[name].error) : outcomes[name]);
    expect((outcomes.wrongVersion as { error: unknown }).error).toBeInstanceOf(WrongExpectedVersion);
    expect(refused('wrongVersion')).toEqual(await aloneError(db.store, existing, [newEvent()], { expectedVersion: 0 }));
    expect(refused('wrongVersion')).toMatchObject({ expected: 0, actual: 1 });
    expect((outcomes.reusedIds as { error: unknown }).error).toBeInstanceOf(EventIdConflict);
    expect(refused('reusedIds')).toEqual(await aloneError(db.store, partial, reusing, { expectedVersion: 'any' }));
    expect(refused('racing2')).toEqual(await aloneError(db.store, racing, [newEvent()], { expectedVersion: 'no_stream' }));
    expect(refused('racing2')).toMatchObject({ name: 'WrongExpectedVersion', actual: 1 });

    // Nothing of the refused appends was written; the stream appended twice reads in order, chained.
    expect((await db.store.readStream(existing)).map((e) => e.eventId)).toEqual([stored.eventId]);
    expect(await db.store.readStream(partial)).toHaveLength(1);
    expect(await db.store.readStream(racing)).toHaveLength(1);
    const read = await db.store.readStream(twice);
    expect(read.map((e) => [e.type, e.streamVersion])).toEqual([
      ['First', 1],
      ['Second', 2],
    ]);
    expect(read[0].position < read[1].position).toBe(true);
    expect(read[0].hash).toBe(eventHash(read[0], null));
    expect(read[1].hash).toBe(eventHash(read[1], read[0].hash!));
  });

  it('a group retried with the same event ids answers the first results and appends nothing', async () => {
    const { store } = storeCounting();
    const streams = [id('again'), id('again')];
    const events = streams.map(() => [newEvent(), newEvent()]);
    const appendAll = () => {
      void store.appendToStream(id('first'), [newEvent()], { expectedVersion: 'any' });
      return Promise.all(streams.map((s, i) => store.appendToStream(s, events[i], { expectedVersion: 'no_stream' })));
    };
    const first = await appendAll();
    expect(await appendAll()).toEqual(first);
    for (const s of streams) expect(await db.store.readStream(s)).toHaveLength(2);
  });

  it('a stream whose lock is held elsewhere holds up only its own appends; its versions still ascend with position', async () => {
    const [free, contended] = [id('free'), id('contended')];
    // Another writer holds the contended stream's lock (as append_to_stream takes it), with no transaction id yet.
    const other = await db.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock(1163285587, hashtext($1))', [contended]);

      const { store } = storeCounting();
      void store.appendToStream(id('first'), [newEvent()], { expectedVersion: 'any' });
      const waiting = settle(store.appendToStream(contended, [newEvent('Second')], { expectedVersion: 'any' }));
      const notWaiting = store.appendToStream(free, [newEvent()], { expectedVersion: 'no_stream' });
      // The group commits the free stream's append though the contended one waits for the lock.
      expect(await notWaiting).toMatchObject({ nextVersion: 1 });
      await waitUntil(() => lockWaiter(db.pool), { timeoutMs: 10_000 });

      await other.query("SELECT * FROM append_to_stream($1, 'any', NULL, $2::jsonb)", [
        contended,
        JSON.stringify([{ event_id: randomUUID(), type: 'First', schema_version: 1, data: {}, metadata: {} }]),
      ]);
      await other.query('COMMIT');
      expect(await waiting).toEqual({ result: { nextVersion: 2, position: expect.any(BigInt) } });
    } finally {
      other.release();
    }
    const read = await db.store.readStream(contended);
    expect(read.map((e) => [e.type, e.streamVersion])).toEqual([
      ['First', 1],
      ['Second', 2],
    ]);
    expect(read[0].position < read[1].position).toBe(true);
  });

  it('two groups (of two processes) taking the same streams in opposite orders never deadlock', async () => {
    const streams = Array.from({ length: 12 }, () => id('crossed'));
    const [a, b] = [storeCounting().store, storeCounting().store];
    const rounds = async (store: PostgresEventStore, order: string[]) => {
      for (let round = 0; round < 8; round++) {
        void store.appendToStream(id('first'), [newEvent()], { expectedVersion: 'any' });
        await Promise.all(order.map((s) => store.appendToStream(s, [newEvent()], { expectedVersion: 'any' })));
      }
    };
    // A deadlock would fail an append with 40P01 after deadlock_timeout.
    await Promise.all([rounds(a, streams), rounds(b, [...streams].reverse())]);
    for (const s of streams) expect((await db.store.readStream(s)).map((e) => e.streamVersion)).toEqual(range(16));
  });

  it('a connection lost during a group fails every append of the group, and none is written', async () => {
    const [before, held, after] = [id('lost'), id('lost'), id('lost')];
    await db.store.appendToStream(held, [newEvent()], { expectedVersion: 'no_stream' });
    // Holds the held stream's row: the group waits there, after writing the appends before it.
    const holder = await db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM event_streams WHERE stream_id = $1 FOR UPDATE', [held]);
      const { store } = storeCounting();
      void store.appendToStream(id('first'), [newEvent()], { expectedVersion: 'any' });
      const group = [before, held, after].map((s) => settle(store.appendToStream(s, [newEvent()], { expectedVersion: 'any' })));
      const waiter = await waitUntil(async () => {
        const { rows } = await db.pool.query(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%append_to_streams%'`,
        );
        return rows[0]?.pid as number | undefined;
      });
      await db.pool.query('SELECT pg_terminate_backend($1)', [waiter]);

      const outcomes = await Promise.all(group);
      for (const outcome of outcomes) {
        expect(outcome).toEqual({ error: expect.objectContaining({ message: expect.stringMatching(/terminat/) }) });
      }
      await holder.query('COMMIT');
      for (const s of [before, after]) expect(await db.store.readStream(s)).toEqual([]);
      expect(await db.store.readStream(held)).toHaveLength(1);
      // The store goes on with a new connection.
      expect(await store.appendToStream(after, [newEvent()], { expectedVersion: 'no_stream' })).toMatchObject({ nextVersion: 1 });
    } finally {
      holder.release();
    }
  });

  it('a value one append of a group cannot store fails that append only, with the error it gets alone', async () => {
    const { store } = storeCounting();
    const [good1, bad, good2] = [id('value'), id('value'), id('value')];
    const badEvent = () => newEvent('ComplaintFiled', { title: 'nul \u0000 inside' });
    void store.appendToStream(id('first'), [newEvent()], { expectedVersion: 'any' });
    const outcomes = await Promise.all([
      settle(store.appendToStream(good1, [newEvent()], { expectedVersion: 'no_stream' })),
      settle(store.appendToStream(bad, [badEvent()], { expectedVersion: 'no_stream' })),
      settle(store.appendToStream(good2, [newEvent()], { expectedVersion: 'no_stream' })),
    ]);
    expect(outcomes[0]).toEqual({ result: { nextVersion: 1, position: expect.any(BigInt) } });
    expect(outcomes[2]).toEqual({ result: { nextVersion: 1, position: expect.any(BigInt) } });
    const alone = await aloneError(store, bad, [badEvent()], { expectedVersion: 'no_stream' });
    expect(asSeen((outcomes[1] as { error: unknown }).error)).toEqual(alone);
    expect(alone).toMatchObject({ code: '22P05' });
    expect(await db.store.readStream(bad)).toEqual([]);
  });

  it('append_to_stream, for direct callers and appends alongside, still raises its refusals: same SQLSTATE, message and DETAIL', async () => {
    const streamId = id('direct');
    const row = (eventId = randomUUID()) => ({ event_id: eventId, type: 'Direct', schema_version: 1, data: {}, metadata: {} });
    const direct = (kind: string, version: number | null, events: object[]) =>
      db.pool.query('SELECT * FROM append_to_stream($1, $2, $3, $4::jsonb)', [streamId, kind, version, JSON.stringify(events)]).then(
        ({ rows }) => rows,
        (error: { code: string; message: string; detail?: string }) => ({ code: error.code, message: error.message, detail: error.detail }),
      );
    const first = row();
    expect(await direct('no_stream', null, [first, row()])).toEqual([
      { next_version: '2', last_position: expect.any(String), appended: true },
    ]);
    expect(await direct('version', 1, [row()])).toEqual({
      code: 'ES001',
      message: `wrong expected version for stream ${streamId}`,
      detail: '2',
    });
    expect(await direct('any', null, [first, row()])).toEqual({
      code: 'ES002',
      message: `event ids already used in stream ${streamId}`,
      detail: undefined,
    });
    expect(await direct('any', null, [])).toEqual({ code: 'ES004', message: 'append_to_stream: no events', detail: undefined });
    expect(await direct('no_stream', null, [first])).toEqual([{ next_version: '1', last_position: expect.any(String), appended: false }]);
  });

  it("wakes the store's subscribers and announces once per group, not once per append", async () => {
    const { store } = storeCounting();
    const woken = jest.spyOn(AppendNotifier.prototype, 'appended');
    try {
      void store.appendToStream(id('first'), [newEvent()], { expectedVersion: 'any' });
      await Promise.all(Array.from({ length: 6 }, () => store.appendToStream(id('woken'), [newEvent()], { expectedVersion: 'any' })));
      expect(woken).toHaveBeenCalledTimes(2);
    } finally {
      woken.mockRestore();
    }
  });
});

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** A backend of this database waiting for an advisory lock, if any. */
async function lockWaiter(pool: Pool): Promise<number | undefined> {
  const { rows } = await pool.query(
    `SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
      WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()`,
  );
  return rows[0]?.pid as number | undefined;
}

function countingPool(pool: Pool): { pool: Pool; queries: () => number } {
  let count = 0;
  const proxy = new Proxy(pool, {
    get(target, property, receiver) {
      if (property === 'query') {
        return (...args: unknown[]) => {
          count++;
          return (target.query as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
  return { pool: proxy, queries: () => count };
}
