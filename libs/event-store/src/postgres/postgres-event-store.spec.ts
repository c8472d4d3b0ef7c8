import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { RefusalKeepingPool } from '@app/platform';
import { useEventStoreDatabase } from '../../../../test/support/event-log';
import { createTestDatabase, logLockWaiters } from '../../../../test/support/test-database';
import { waitUntil } from '../../../../test/support/wait';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { collect, newEvent } from '../contract/helpers';
import { WrongExpectedVersion } from '../errors';
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

  it('a version conflict answers WrongExpectedVersion and keeps the connection it was refused on', async () => {
    // Two requests on one case are normal: the loser's refusal must not cost a new backend each time.
    const pool = new RefusalKeepingPool({ connectionString: db.url, max: 1 });
    const store = new PostgresEventStore(pool, db.url);
    try {
      const streamId = `conflict-${randomUUID()}`;
      await store.appendToStream(streamId, [newEvent()], { expectedVersion: 'no_stream' });
      const backend = async () => (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const before = await backend();

      await expect(store.appendToStream(streamId, [newEvent()], { expectedVersion: 'no_stream' })).rejects.toBeInstanceOf(
        WrongExpectedVersion,
      );

      expect(await backend()).toBe(before);
      expect(await store.readStream(streamId)).toHaveLength(1);
    } finally {
      await store.close();
      await pool.end();
    }
  });

  it('an append is one database round trip', async () => {
    const counted = countingPool(db.pool);
    const counting = new PostgresEventStore(counted.pool, db.url);
    await counting.appendToStream(`trip-${randomUUID()}`, [newEvent(), newEvent(), newEvent()], { expectedVersion: 'no_stream' });
    expect(counted.queries()).toBe(1);
    await counting.close();
  });

  it("tells where each stream goes on after a version: its next event's position, none past its last", async () => {
    const [a, b] = [`ahead-${randomUUID()}`, `ahead-${randomUUID()}`];
    await db.store.appendToStream(a, [newEvent(), newEvent()], { expectedVersion: 'no_stream' });
    await db.store.appendToStream(b, [newEvent()], { expectedVersion: 'no_stream' });
    await db.store.appendToStream(a, [newEvent()], { expectedVersion: 2 });
    const [a1, a2, a3] = await db.store.readStream(a);

    const next = await db.store.nextPositions([
      { streamId: a, version: 1 },
      { streamId: b, version: 1 },
      { streamId: `ahead-${randomUUID()}`, version: 0 },
    ]);
    expect(next).toEqual(new Map([[a, a2.position]]));
    expect((await db.store.nextPositions([{ streamId: a, version: 2 }])).get(a)).toBe(a3.position);
    expect(a3.position).toBeGreaterThan(a1.position);
    expect(await db.store.nextPositions([])).toEqual(new Map());
  });

  // The function looks for its transaction's last position only when the transaction wrote before
  // the call (migration 1764300000100): a second append in it must still continue the block.
  it('appends made in one transaction take consecutive positions of its block', async () => {
    const client = await db.pool.connect();
    const append = (streamId: string, count: number) =>
      client.query<{ last_position: string }>("SELECT last_position FROM append_to_stream($1, 'no_stream', NULL, $2::jsonb)", [
        streamId,
        JSON.stringify(
          Array.from({ length: count }, () => ({ event_id: randomUUID(), type: 'Same', schema_version: 1, data: {}, metadata: {} })),
        ),
      ]);
    try {
      await client.query('BEGIN');
      const first = BigInt((await append(`tx-${randomUUID()}`, 2)).rows[0].last_position);
      const second = BigInt((await append(`tx-${randomUUID()}`, 1)).rows[0].last_position);
      const third = BigInt(
        (
          await client.query<{ last_position: string }>(
            "SELECT last_position FROM append_one_to_stream($1, 'no_stream', NULL, $2, 'Same', 1, '{}', '{}')",
            [`tx-${randomUUID()}`, randomUUID()],
          )
        ).rows[0].last_position,
      );
      await client.query('COMMIT');
      expect(first % 2n ** 20n).toBe(1n);
      expect([second, third]).toEqual([first + 1n, first + 2n]);
    } finally {
      client.release();
    }
  });

  it('behind a lock held elsewhere on the log, an append that writes waits without a transaction id; one that only answers does not wait', async () => {
    const once = [newEvent()];
    const twice = [newEvent(), newEvent()];
    const [one, two] = [`held-${randomUUID()}`, `held-${randomUUID()}`];
    const first = [await db.store.appendToStream(one, once, { expectedVersion: 'no_stream' })];
    first.push(await db.store.appendToStream(two, twice, { expectedVersion: 'no_stream' }));
    const blocker = await db.pool.connect();
    try {
      await blocker.query('BEGIN');
      // What a CREATE INDEX on the log takes: readers pass, writers wait.
      await blocker.query('LOCK TABLE events IN SHARE MODE');
      const writing = Promise.all([
        db.store.appendToStream(`held-${randomUUID()}`, [newEvent()], { expectedVersion: 'no_stream' }),
        db.store.appendToStream(`held-${randomUUID()}`, [newEvent(), newEvent()], { expectedVersion: 'no_stream' }),
      ]);
      await waitUntil(async () => (await logLockWaiters(db.pool)).waiting === 2, {
        timeoutMs: 4_000,
        failure: 'the appends did not reach the lock',
      });
      // A transaction id while waiting would hold back every reader of every database on the server.
      expect(await logLockWaiters(db.pool)).toEqual({ waiting: 2, withId: 0 });
      // Retries of appends that committed get their first results, and a stale version its refusal, at once.
      expect(await db.store.appendToStream(one, once, { expectedVersion: 'no_stream' })).toEqual(first[0]);
      expect(await db.store.appendToStream(two, twice, { expectedVersion: 'no_stream' })).toEqual(first[1]);
      await expect(db.store.appendToStream(one, [newEvent()], { expectedVersion: 'no_stream' })).rejects.toBeInstanceOf(
        WrongExpectedVersion,
      );
      expect((await logLockWaiters(db.pool)).waiting).toBe(2);
      await blocker.query('COMMIT');
      expect((await writing).map((result) => result.nextVersion)).toEqual([1, 2]);
    } finally {
      blocker.release();
    }
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

    const reads = countingPool(db.pool, READ);
    const reader = new PostgresEventStore(reads.pool, db.url, { pollIntervalMs: 60_000 });
    try {
      const subscription = reader.subscribe({ filter: { streamPrefixes: [tag] } });
      const delivered = collect(subscription, 2);
      // The subscriber is live: it has read while A is open, and found nothing it may deliver.
      await waitUntil(() => reads.queries() >= 1, { timeoutMs: 10_000, failure: 'the subscriber never read' });
      await slow.query('COMMIT');

      expect((await delivered).map((e: EventEnvelope) => e.type)).toEqual(['Slow', 'Fast']);
    } finally {
      await slow.query('ROLLBACK'); // nothing left to roll back unless the wait failed
      slow.release();
      await reader.close();
    }
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
      // Slow's commit shows Slow; the holder still hides Fast, so only Slow can be delivered.
      await slow.query('COMMIT');
      slow.release();
      await waitUntil(() => received.length === 1, { timeoutMs: DELIVERED_WITHIN_MS });
      expect(received).toEqual(['Slow']);

      await holder.query('COMMIT');
      holder.release();
      // The poll interval is 60 s: only re-reading while something is known to be hidden delivers Fast within 20 s.
      await waitUntil(() => received.length === 2, { timeoutMs: DELIVERED_WITHIN_MS });
      expect(received).toEqual(['Slow', 'Fast']);
      await subscription.close();
      await consumer;
    } finally {
      await elsewhere.drop();
    }
  }, 60_000);

  it('a notified event hidden behind a long-open transaction is delivered soon after it ends, not a poll interval later', async () => {
    const tag = `horizon-${randomUUID()}-`;
    const reads = countingPool(db.pool, READ);
    const store = new PostgresEventStore(reads.pool, db.url, { pollIntervalMs: 60_000 });
    try {
      const followed = follow(store, tag);
      await liveOnceMarked(store, tag, followed.events);
      // Another transaction with an id holds the horizon back for longer than the first few re-reads.
      const holder = await db.pool.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT pg_current_xact_id()');
        const before = reads.queries();
        await store.appendToStream(`${tag}1`, [newEvent('Held')], { expectedVersion: 'any' });
        // The read the append woke, then four re-reads (5, 10, 20, 40 ms apart), all finding it hidden.
        await waitUntil(() => reads.queries() >= before + 5, { timeoutMs: 10_000, failure: 'the subscriber stopped re-reading' });
        await holder.query('COMMIT');
      } finally {
        await holder.query('ROLLBACK'); // nothing left to roll back unless the wait failed: the horizon is not held after the test
        holder.release();
      }
      // The poll interval is 60 s: only re-reading after the notification delivers within 20 s.
      await waitUntil(() => followed.events.length === 2, { timeoutMs: DELIVERED_WITHIN_MS, failure: 'not delivered in time' });
      expect(followed.types()).toEqual(['Marker', 'Held']);
      await followed.stop();
    } finally {
      await store.close();
    }
  }, 60_000);

  it("an append wakes the store's own live subscriber without waiting for the poll interval", async () => {
    const tag = `wake-${randomUUID()}-`;
    const followed = follow(db.store, tag);
    await liveOnceMarked(db.store, tag, followed.events);
    await db.store.appendToStream(`${tag}1`, [newEvent('Woken')], { expectedVersion: 'any' });
    // The poll interval is 60 s; only the wake-up (and the re-reads while the event is hidden) delivers within 20 s.
    await waitUntil(() => followed.events.length === 2, { timeoutMs: DELIVERED_WITHIN_MS, failure: 'not delivered in time' });
    expect(followed.types()).toEqual(['Marker', 'Woken']);
    await followed.stop();
  }, 60_000);

  describe('another process (another store on the same database)', () => {
    let other: PostgresEventStore;
    beforeEach(() => {
      other = new PostgresEventStore(db.pool, db.url, { pollIntervalMs: 60_000 });
    });
    afterEach(() => other.close());

    it('is woken by the NOTIFY the appending store sends, without waiting for the poll interval', async () => {
      const tag = `notify-${randomUUID()}-`;
      const received = await followListening(other, tag, db.pool);
      await db.store.appendToStream(`${tag}1`, [newEvent()], { expectedVersion: 'any' });
      // The poll interval is 60 s: only a notification can deliver this in time.
      await waitUntil(() => received.events.length === 1, { timeoutMs: DELIVERED_WITHIN_MS });
      await received.stop();
    }, 60_000);

    it('receives every event of bursts of concurrent appends, though their notifications are coalesced', async () => {
      const tag = `burst-${randomUUID()}-`;
      const received = await followListening(other, tag, db.pool);
      for (let burst = 1; burst <= 5; burst++) {
        await Promise.all(
          Array.from({ length: 8 }, (_, i) => db.store.appendToStream(`${tag}${i}`, [newEvent()], { expectedVersion: 'any' })),
        );
        // The poll interval is 60 s: each burst's last appends must have been announced too.
        await waitUntil(() => received.events.length === 8 * burst, { timeoutMs: DELIVERED_WITHIN_MS });
      }
      await received.stop();
    }, 60_000);

    it('after the LISTEN connection is killed, it reconnects and is woken by notifications again', async () => {
      const tag = `relisten-${randomUUID()}-`;
      const received = await followListening(other, tag, db.pool);
      await db.pool.query('SELECT pg_terminate_backend($1)', [received.listener]);
      await waitUntil(async () => (await listeners(db.pool)).some((pid) => !received.others.includes(pid) && pid !== received.listener), {
        timeoutMs: 5_000,
      });

      // The poll interval is 60 s: only the re-established LISTEN can deliver this in time.
      await db.store.appendToStream(`${tag}1`, [newEvent()], { expectedVersion: 'any' });
      await waitUntil(() => received.events.length === 1, { timeoutMs: DELIVERED_WITHIN_MS });
      await received.stop();
    }, 60_000);
  });

  it('append_to_stream itself notifies nobody: a NOTIFY in the append would make concurrent commits wait for each other', async () => {
    const listener = await db.pool.connect();
    const writer = await db.pool.connect();
    const heard: { channel: string; from: number }[] = [];
    listener.on('notification', (message) => heard.push({ channel: message.channel, from: message.processId }));
    try {
      await listener.query('LISTEN event_store_appended');
      await listener.query('LISTEN append_spec_marker');
      await writer.query("SELECT * FROM append_to_stream($1, 'any', NULL, $2::jsonb)", [
        `quiet-${randomUUID()}`,
        JSON.stringify([{ event_id: randomUUID(), type: 'Quiet', schema_version: 1, data: {}, metadata: {} }]),
      ]);
      // Notifications arrive in commit order: once the marker sent after the append is heard, a
      // notification of the append would have been heard before it. (Other stores' announcements
      // come from other backends.)
      await writer.query('NOTIFY append_spec_marker');
      await waitUntil(() => heard.some((n) => n.channel === 'append_spec_marker'));
      const { processID } = writer as unknown as { processID: number };
      expect(heard.filter((n) => n.from === processID).map((n) => n.channel)).toEqual(['append_spec_marker']);
    } finally {
      writer.release();
      await listener.query('UNLISTEN *');
      listener.release();
    }
  });
});

/**
 * How long a live subscriber may take to deliver an append, a third of the specs' 60 s poll interval.
 * A transaction of another test file (the cluster is shared) can hide the event for a while: the
 * subscriber re-reads 5, 10, 20 … ms apart (a re-read at 5.1 s, then 10.2 s), well within this.
 */
const DELIVERED_WITHIN_MS = 20_000;

/** The subscription's reads of the log (readAll), not its looks for what is still hidden. */
const READ = (sql: string) => sql.includes('pg_snapshot_xmin');

/**
 * Returns once the subscriber is live (past its first read, asleep until woken): a marker event
 * appended under `tag` has been delivered. An append after this is delivered only by a wake-up.
 */
async function liveOnceMarked(store: PostgresEventStore, tag: string, received: EventEnvelope[]): Promise<void> {
  await store.appendToStream(`${tag}0`, [newEvent('Marker')], { expectedVersion: 'any' });
  await waitUntil(() => received.length === 1, { timeoutMs: DELIVERED_WITHIN_MS, failure: 'the marker was not delivered' });
}

/** Events of streams starting with `tag` as `store` delivers them live, until stopped. */
function follow(store: PostgresEventStore, tag: string) {
  const events: EventEnvelope[] = [];
  const subscription = store.subscribe({ filter: { streamPrefixes: [tag] } });
  const consumer = (async () => {
    for await (const event of subscription) events.push(event);
  })();
  return {
    events,
    types: () => events.map((e) => e.type),
    stop: async () => {
      await subscription.close();
      await consumer;
    },
  };
}

/**
 * Events of streams starting with `tag` as `store` delivers them live, until stopped (follow); returns once
 * the store listens for notifications (its LISTEN backend: `listener`, the others: `others`).
 */
async function followListening(store: PostgresEventStore, tag: string, pool: Pool) {
  const others = await listeners(pool);
  const followed = follow(store, tag);
  const [listener] = await waitUntil(async () => {
    const added = (await listeners(pool)).filter((pid) => !others.includes(pid));
    return added.length ? added : undefined;
  });
  return { ...followed, listener, others };
}

/** The backends of this database that LISTEN. */
async function listeners(pool: Pool): Promise<number[]> {
  const { rows } = await pool.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'");
  return rows.map((row) => row.pid as number);
}

/** `pool`, counting the queries it has answered (those whose text `counts`, if given). */
function countingPool(pool: Pool, counts: (sql: string) => boolean = () => true): { pool: Pool; queries: () => number } {
  let count = 0;
  const proxy = new Proxy(pool, {
    get(target, property, receiver) {
      if (property === 'query') {
        return (...args: unknown[]) => {
          const answer = (target.query as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          const sql = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string }).text ?? '');
          const answered = () => void count++;
          if (counts(sql)) void answer.then(answered, answered);
          return answer;
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
