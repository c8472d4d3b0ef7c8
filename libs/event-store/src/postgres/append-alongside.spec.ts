import { randomUUID } from 'node:crypto';
import { useEventStoreDatabase } from '../../../../test/support/event-log';
import { newEvent } from '../contract/helpers';
import { StreamMoved, WrongExpectedVersion } from '../errors';

/**
 * AppendOptions.alongside on PostgreSQL: the caller's rows are committed with the events, in the
 * same transaction, or not at all (the complainant's identity with ComplaintFiled).
 */
describe('PostgreSQL: appending alongside the caller’s rows', () => {
  const db = useEventStoreDatabase({ per: 'file' });
  beforeAll(async () => db.pool.query('CREATE TABLE companion (stream_id text PRIMARY KEY, note text NOT NULL)'));
  const companion = async (streamId: string) => (await db.pool.query('SELECT note FROM companion WHERE stream_id = $1', [streamId])).rows;
  const events = async (streamId: string) => (await db.pool.query('SELECT event_id FROM events WHERE stream_id = $1', [streamId])).rows;

  it('writes the rows in the append’s transaction, after the events', async () => {
    const streamId = `alongside-${randomUUID()}`;
    const seen: unknown[] = [];
    await db.store.appendToStream(streamId, [newEvent()], {
      expectedVersion: 'no_stream',
      alongside: async (tx) => {
        // Inside the transaction: the events are there for it, not yet for anyone else.
        seen.push((await tx!.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [streamId])).rows[0].n);
        seen.push((await db.pool.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [streamId])).rows[0].n);
        await tx!.query('INSERT INTO companion VALUES ($1, $2)', [streamId, 'written']);
      },
    });
    expect(seen).toEqual([1, 0]);
    expect(await companion(streamId)).toEqual([{ note: 'written' }]);
    expect(await events(streamId)).toHaveLength(1);
  });

  it('a failure of the rows appends nothing', async () => {
    const streamId = `alongside-${randomUUID()}`;
    const append = db.store.appendToStream(streamId, [newEvent()], {
      expectedVersion: 'no_stream',
      alongside: async (tx) => {
        await tx!.query('INSERT INTO companion VALUES ($1, $2)', [streamId, 'written']);
        throw new Error('crash between');
      },
    });
    await expect(append).rejects.toThrow('crash between');
    expect(await events(streamId)).toEqual([]);
    expect(await companion(streamId)).toEqual([]);
  });

  it('a refused append writes no rows; a retry that finds its events writes none again', async () => {
    const streamId = `alongside-${randomUUID()}`;
    const calls: string[] = [];
    const alongside = async () => void calls.push('called');
    const event = newEvent();
    await db.store.appendToStream(streamId, [event], { expectedVersion: 'no_stream', alongside });
    await expect(db.store.appendToStream(streamId, [newEvent()], { expectedVersion: 'no_stream', alongside })).rejects.toBeInstanceOf(
      WrongExpectedVersion,
    );
    await db.store.appendToStream(streamId, [event], { expectedVersion: 'no_stream', alongside });
    // Sent again at the version it moved the stream to: the events' index refuses it, then it is answered.
    expect(await db.store.appendToStream(streamId, [event], { expectedVersion: 1, alongside })).toMatchObject({ nextVersion: 1 });
    expect(calls).toEqual(['called']);
  });

  describe('as one statement in the append’s own round trip (alongsideStatement)', () => {
    const rows = (streamId: string, note: string, written: () => void = () => undefined) => ({
      sql: `INSERT INTO companion (stream_id, note) SELECT $1->>0, $1->>1`,
      args: [streamId, note],
      written,
    });
    const failIfCalled = async () => {
      throw new Error('the function form is for stores that cannot run the statement');
    };

    // One event and a batch go through different functions (append-statement.ts).
    it.each([1, 2])('writes the rows with %i event(s) in one statement, and says so', async (size) => {
      const streamId = `statement-${randomUUID()}`;
      let written = 0;
      const result = await db.store.appendToStream(
        streamId,
        Array.from({ length: size }, () => newEvent()),
        { expectedVersion: 'no_stream', alongside: failIfCalled, alongsideStatement: rows(streamId, 'in one go', () => written++) },
      );
      expect(result.nextVersion).toBe(size);
      expect(written).toBe(1);
      expect(await companion(streamId)).toEqual([{ note: 'in one go' }]);
      expect(await events(streamId)).toHaveLength(size);
    });

    it('rows that fail append nothing', async () => {
      const streamId = `statement-${randomUUID()}`;
      await db.pool.query('INSERT INTO companion VALUES ($1, $2)', [streamId, 'already there']);
      const append = db.store.appendToStream(streamId, [newEvent()], {
        expectedVersion: 'no_stream',
        alongside: failIfCalled,
        alongsideStatement: rows(streamId, 'a duplicate key'),
      });
      await expect(append).rejects.toThrow(/duplicate key/);
      expect(await events(streamId)).toEqual([]);
      expect(await companion(streamId)).toEqual([{ note: 'already there' }]);
    });

    it('a refused append writes no rows; a retry that finds its events writes none again', async () => {
      const streamId = `statement-${randomUUID()}`;
      let written = 0;
      const event = newEvent();
      const options = (expectedVersion: 'no_stream' | number) => ({
        expectedVersion,
        alongside: failIfCalled,
        alongsideStatement: rows(streamId, `note ${written}`, () => written++),
      });
      await db.store.appendToStream(streamId, [event], options('no_stream'));
      await expect(db.store.appendToStream(streamId, [newEvent()], options('no_stream'))).rejects.toBeInstanceOf(WrongExpectedVersion);
      expect(await db.store.appendToStream(streamId, [event], options('no_stream'))).toMatchObject({ nextVersion: 1 });
      expect(await db.store.appendToStream(streamId, [event], options(1))).toMatchObject({ nextVersion: 1 });
      expect(written).toBe(1);
      expect(await companion(streamId)).toEqual([{ note: 'note 0' }]);
    });
  });

  it.each(['alongside', 'alongsideStatement'] as const)(
    'a stream the decision read that moved since (decidedOn) rolls back the events and the rows (%s)',
    async (form) => {
      const streamId = `decided-${randomUUID()}`;
      const rules = `rules-${randomUUID()}`;
      await db.store.appendToStream(rules, [newEvent('PolicyPublished'), newEvent('PolicyPublished')], { expectedVersion: 'no_stream' });
      let written = 0;
      const insert = {
        sql: `INSERT INTO companion (stream_id, note) SELECT $1->>0, $1->>1`,
        args: [streamId, 'stale'],
        written: () => written++,
      };
      const append = db.store.appendToStream(streamId, [newEvent()], {
        expectedVersion: 'no_stream',
        decidedOn: [{ streamId: rules, version: 1 }],
        alongside: async (tx) => void (await tx!.query('INSERT INTO companion VALUES ($1, $2)', [streamId, 'stale'])),
        alongsideStatement: form === 'alongsideStatement' ? insert : undefined,
      });
      await expect(append).rejects.toMatchObject({ constructor: StreamMoved, streamId: rules, expected: 1, actual: 2 });
      expect(written).toBe(0);
      expect(await events(streamId)).toEqual([]);
      expect(await companion(streamId)).toEqual([]);
    },
  );
});
