import { randomUUID } from 'node:crypto';
import type { EventEnvelope, StreamAt } from '@app/event-store';
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

/**
 * Positions are (transaction id << 20) + index, so a log's positions gain a digit now and then: the
 * pages must follow the numbers, not their text ('999…' sorts after '1000…' as text). Rows are
 * written straight into the read model here, with a log that hands back an event for each, so the
 * positions can straddle a power of ten whatever transaction ids this server has reached.
 */
describe('paging the audit log across positions of different lengths', () => {
  const POSITIONS = [7n, 9n, 10n, 11n, 99n, 100n, 999_999_999n, 1_000_000_000n, 1_000_000_001n, 12_345_678_901n];
  let empty: Awaited<ReturnType<typeof createTestDatabase>>;
  const envelopeAt = (position: bigint): EventEnvelope => ({
    eventId: randomUUID(),
    streamId: `case-${position}`,
    streamVersion: 1,
    position,
    type: 'ComplaintFiled',
    schemaVersion: 1,
    data: {},
    metadata: { actorId: 'intake-wang', role: 'intake', unitId: null, correlationId: randomUUID(), occurredAt: '2026-11-20T01:00:00.000Z' },
    recordedAt: '2026-11-20T01:00:00.000Z',
  });
  const log = new Map(POSITIONS.map((p) => [`case-${p}`, envelopeAt(p)]));
  const store = { readEvents: async (at: readonly StreamAt[]) => at.map((a) => log.get(a.streamId)!).filter(Boolean) };

  beforeAll(async () => {
    empty = await createTestDatabase();
    const emptyStore = new PostgresEventStore(empty.pool, empty.url);
    try {
      await rebuildProjection(empty.pool, emptyStore, auditProjection);
    } finally {
      await emptyStore.close();
    }
    // Shuffled on the way in: the table's order on disk is not the log's.
    for (const p of [...POSITIONS].reverse())
      await empty.pool.query(
        `INSERT INTO audit_events (position, event_id, stream_id, stream_version, type, recorded_at) VALUES ($1, $2, $3, 1, 'ComplaintFiled', now())`,
        [p.toString(), log.get(`case-${p}`)!.eventId, `case-${p}`],
      );
  });
  afterAll(async () => empty.drop());

  it('a page at a time, by cursor, lists every event once, in log order', async () => {
    const reader = new AuditReader(empty.pool, store);
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await reader.page({ limit: 3, cursor });
      listed.push(...page.items.map((e) => e.position));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(listed).toEqual(POSITIONS.map(String));
  });

  it('an export lists every event once, in log order', async () => {
    const { upTo, batches } = await new AuditReader(empty.pool, store).export({});
    const exported: string[] = [];
    for await (const batch of batches) exported.push(...batch.map((e) => e.position));
    expect(exported).toEqual(POSITIONS.map(String));
    expect(upTo).toBe('12345678901');
  });
});
