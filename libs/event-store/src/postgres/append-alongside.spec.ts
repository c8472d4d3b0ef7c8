import { randomUUID } from 'node:crypto';
import { useEventStoreDatabase } from '../../../../test/support/event-log';
import { newEvent } from '../contract/helpers';
import { WrongExpectedVersion } from '../errors';

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
});
