import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { useEventStoreDatabase } from '../../../../test/support/event-log';
import { createTestDatabase } from '../../../../test/support/test-database';
import { waitUntil } from '../../../../test/support/wait';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { collect, newEvent } from '../contract/helpers';
import type { EventEnvelope } from '../event-store';
import { PostgresEventStore } from './postgres-event-store';

describeEventStoreContract('PostgreSQL', async () => {
  const db = await createTestDatabase();
  const store = new PostgresEventStore(db.pool, db.url);
  return {
    store,
    teardown: async () => {
      await store.close();
      await db.drop();
    },
  };
});

describe('PostgreSQL event store specifics', () => {
  const db = useEventStoreDatabase({ per: 'file', store: { pollIntervalMs: 60_000 } });

  describe('event rows are immutable', () => {
    beforeAll(async () => {
      await db.store.appendToStream('immutable-1', [newEvent()], { expectedVersion: 'any' });
    });

    it.each([
      ['UPDATE', "UPDATE events SET type = 'Forged' WHERE stream_id = 'immutable-1'"],
      ['DELETE', "DELETE FROM events WHERE stream_id = 'immutable-1'"],
      ['TRUNCATE', 'TRUNCATE events CASCADE'],
    ])('%s on the events table is refused by the database', async (operation, sql) => {
      await expect(db.pool.query(sql)).rejects.toThrow(`events are immutable: ${operation}`);
      const { rows } = await db.pool.query("SELECT type FROM events WHERE stream_id = 'immutable-1'");
      expect(rows).toEqual([{ type: 'ComplaintFiled' }]);
    });
  });

  it('an append is one database round trip', async () => {
    const counted = countingPool(db.pool);
    const counting = new PostgresEventStore(counted.pool, db.url);
    await counting.appendToStream(`trip-${randomUUID()}`, [newEvent(), newEvent(), newEvent()], { expectedVersion: 'no_stream' });
    expect(counted.queries()).toBe(1);
    await counting.close();
  });

  it('a subscriber never skips an append that commits after a later-numbered one', async () => {
    const tag = `ooo-${randomUUID()}-`;
    // Transaction A appends first (lower transaction id) but stays open.
    const slow = await db.pool.connect();
    await slow.query('BEGIN');
    await slow.query("SELECT * FROM append_to_stream($1, 'any', NULL, $2::jsonb)", [
      `${tag}slow`,
      JSON.stringify([{ event_id: randomUUID(), type: 'Slow', schema_version: 1, data: {}, metadata: {} }]),
    ]);
    // Transaction B appends and commits while A is still open.
    await db.store.appendToStream(`${tag}fast`, [newEvent('Fast')], { expectedVersion: 'any' });

    // B is committed, yet hidden: delivering it now would let a checkpoint pass A.
    expect(await db.store.readAll({ filter: { streamPrefixes: [tag] } })).toEqual([]);

    const subscription = db.store.subscribe({ filter: { streamPrefixes: [tag] } });
    const delivered = collect(subscription, 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await slow.query('COMMIT');
    slow.release();

    expect((await delivered).map((e: EventEnvelope) => e.type)).toEqual(['Slow', 'Fast']);
  });

  it('an event hidden behind a transaction of another database is delivered once that ends, though its end notifies nobody here', async () => {
    const tag = `elsewhere-${randomUUID()}-`;
    const elsewhere = await createTestDatabase({ empty: true });
    try {
      // Slow (lowest id) stays open; a transaction of another database takes the next id; Fast commits.
      const slow = await db.pool.connect();
      await slow.query('BEGIN');
      await slow.query("SELECT * FROM append_to_stream($1, 'any', NULL, $2::jsonb)", [
        `${tag}slow`,
        JSON.stringify([{ event_id: randomUUID(), type: 'Slow', schema_version: 1, data: {}, metadata: {} }]),
      ]);
      const holder = await elsewhere.pool.connect();
      await holder.query('BEGIN');
      await holder.query('SELECT pg_current_xact_id()');
      await db.store.appendToStream(`${tag}fast`, [newEvent('Fast')], { expectedVersion: 'any' });

      const subscription = db.store.subscribe({ filter: { streamPrefixes: [tag] } });
      const received: string[] = [];
      const consumer = (async () => {
        for await (const event of subscription) received.push(event.type);
      })();
      // Slow's commit notifies; the holder still hides Fast, so only Slow can be delivered.
      await slow.query('COMMIT');
      slow.release();
      await waitUntil(() => received.length === 1, { timeoutMs: 10_000 });
      expect(received).toEqual(['Slow']);

      await holder.query('COMMIT');
      holder.release();
      // The poll interval is 60 s: only re-reading while something is known to be hidden delivers Fast in time.
      await waitUntil(() => received.length === 2, { timeoutMs: 10_000 });
      expect(received).toEqual(['Slow', 'Fast']);
      await subscription.close();
      await consumer;
    } finally {
      await elsewhere.drop();
    }
  });

  it('a notified event hidden behind a long-open transaction is delivered soon after it ends, not a poll interval later', async () => {
    const tag = `horizon-${randomUUID()}-`;
    const subscription = db.store.subscribe({ filter: { streamPrefixes: [tag] } });
    const delivered = collect(subscription, 1, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Another transaction with an id holds the horizon back for longer than the first few re-reads.
    const holder = await db.pool.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_current_xact_id()');
    await db.store.appendToStream(`${tag}1`, [newEvent()], { expectedVersion: 'any' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await holder.query('COMMIT');
    holder.release();
    // The poll interval is 60 s: only re-reading after the notification delivers within 5 s.
    expect(await delivered).toHaveLength(1);
    await subscription.close();
  });

  it('LISTEN/NOTIFY wakes a live subscriber without waiting for the poll interval', async () => {
    const tag = `notify-${randomUUID()}-`;
    const subscription = db.store.subscribe({ filter: { streamPrefixes: [tag] } });
    const delivered = collect(subscription, 1, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    await db.store.appendToStream(`${tag}1`, [newEvent()], { expectedVersion: 'any' });
    expect(await delivered).toHaveLength(1);
    // The poll interval is 60 s; only a notification can deliver within the collect timeout.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('after the LISTEN connection is killed, it reconnects and live subscribers are woken by notifications again', async () => {
    const tag = `relisten-${randomUUID()}-`;
    const subscription = db.store.subscribe({ filter: { streamPrefixes: [tag] } });
    const received: EventEnvelope[] = [];
    const consumer = (async () => {
      for await (const event of subscription) received.push(event);
    })();
    const listeners = async () =>
      (await db.pool.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'")).rows;
    await waitUntil(async () => (await listeners()).length === 1);

    const [{ pid }] = await listeners();
    await db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
    await waitUntil(async () => (await listeners()).some((row) => row.pid !== pid), { timeoutMs: 5_000 });

    // The poll interval is 60 s: only the re-established LISTEN can deliver this in time.
    await db.store.appendToStream(`${tag}1`, [newEvent()], { expectedVersion: 'any' });
    await waitUntil(async () => received.length === 1, { timeoutMs: 5_000 });
    await subscription.close();
    await consumer;
  });
});

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
      if (property === 'connect') {
        return () => {
          throw new Error('append must not check out a dedicated connection');
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
  return { pool: proxy, queries: () => count };
}
