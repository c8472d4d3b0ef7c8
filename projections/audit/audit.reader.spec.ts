import { randomUUID } from 'node:crypto';
import { PostgresEventStore, type NewEvent } from '@app/event-store';
import { useEventStoreDatabase, waitUntilVisible } from '../../test/support/event-log';
import { createTestDatabase } from '../../test/support/test-database';
import { rebuildProjection } from '../runner/rebuild';
import { auditProjection } from './audit.projection';
import { AuditReader, AuditRowWithoutEvent, EXPORT_BATCH_SIZE, type AuditFilter } from './audit.reader';

/** An export larger than one batch: read batch after batch by position, nothing lost or repeated. */
describe('exporting the audit log batch by batch', () => {
  const db = useEventStoreDatabase({ per: 'file' });
  const CASES = 60;
  const TYPES = ['ComplaintFiled', 'ComplaintAccepted', 'UnitNotified', 'UnitAcknowledged'];
  beforeAll(async () => {
    const { store } = db;
    let last = 0n;
    for (let i = 0; i < CASES; i++) {
      const events: NewEvent[] = TYPES.map((type) => ({
        eventId: randomUUID(),
        type,
        schemaVersion: 1,
        data: { unitId: `dept-${i % 3}` },
        metadata: {
          actorId: 'intake-wang',
          role: 'intake',
          unitId: null,
          correlationId: randomUUID(),
          occurredAt: '2026-11-20T01:00:00.000Z',
        },
      }));
      last = (await store.appendToStream(`case-${randomUUID()}`, events, { expectedVersion: 'no_stream' })).position;
    }
    // Other test files' transactions can hold the log's visibility horizon back for a moment.
    await waitUntilVisible(store, last);
    await rebuildProjection(db.pool, store, auditProjection);
  });

  const exported = async (filters: AuditFilter) => {
    const { upTo, batches } = await new AuditReader(db.pool, db.store).export(filters);
    const sizes: number[] = [];
    const positions: string[] = [];
    for await (const batch of batches) {
      sizes.push(batch.length);
      positions.push(...batch.map((e) => e.position));
    }
    return { upTo, sizes, positions };
  };

  it('the whole log comes out in order, a batch at a time, up to the position it began at', async () => {
    const all = (await db.store.readAll({ limit: 10_000 })).map((e) => e.position.toString());
    expect(all.length).toBeGreaterThan(2 * EXPORT_BATCH_SIZE);
    const { upTo, sizes, positions } = await exported({});
    expect(positions).toEqual(all);
    expect(upTo).toBe(all[all.length - 1]);
    expect(Math.max(...sizes)).toBe(EXPORT_BATCH_SIZE);
    expect(sizes).toHaveLength(Math.ceil(all.length / EXPORT_BATCH_SIZE));
  });

  it('a filtered export pages through the matching events only, from a cursor if given', async () => {
    const acknowledged = (await db.store.readAll({ limit: 10_000, filter: { eventTypes: ['UnitAcknowledged', 'ComplaintFiled'] } })).map(
      (e) => e.position.toString(),
    );
    const { positions } = await exported({ type: ['UnitAcknowledged', 'ComplaintFiled'] });
    expect(positions).toEqual(acknowledged);
    const { positions: rest } = await exported({ type: ['UnitAcknowledged', 'ComplaintFiled'], cursor: acknowledged[9] });
    expect(rest).toEqual(acknowledged.slice(10));
  });

  it('an empty log exports nothing, and says so', async () => {
    const empty = await createTestDatabase();
    const emptyStore = new PostgresEventStore(empty.pool, empty.url);
    try {
      await rebuildProjection(empty.pool, emptyStore, auditProjection);
      const { upTo, batches } = await new AuditReader(empty.pool, emptyStore).export({});
      expect(upTo).toBeNull();
      for await (const _ of batches) throw new Error('no batch expected');
    } finally {
      await emptyStore.close();
      await empty.drop();
    }
  });

  it('refuses to list a history the log does not back, event for event', async () => {
    // A log that leaves out the first event asked for, and one that hands over another event there.
    const missing = { readEvents: async (at: Parameters<typeof db.store.readEvents>[0]) => (await db.store.readEvents(at)).slice(1) };
    const elsewhere = {
      readEvents: async (at: Parameters<typeof db.store.readEvents>[0]) => db.store.readEvents(at.map((a) => ({ ...a, version: 1 }))),
    };
    await expect(new AuditReader(db.pool, missing).page({ limit: 5 })).rejects.toThrow(AuditRowWithoutEvent);
    await expect(new AuditReader(db.pool, elsewhere).page({ type: ['UnitNotified'], limit: 5 })).rejects.toThrow(AuditRowWithoutEvent);
    const { batches } = await new AuditReader(db.pool, missing).export({});
    await expect(batches[Symbol.asyncIterator]().next()).rejects.toThrow(AuditRowWithoutEvent);
    // The same rows, read through the log itself, list fine.
    expect((await new AuditReader(db.pool, db.store).page({ limit: 5 })).items).toHaveLength(5);
  });
});
