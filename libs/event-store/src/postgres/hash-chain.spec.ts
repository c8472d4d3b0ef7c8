import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runMigrations } from '@app/platform';
import { TEST_MIGRATION_FOLDERS } from '../../../../test/support/global-setup';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { newEvent } from '../contract/helpers';
import { canonicalJson } from '../integrity/canonical-json';
import { eventHash } from '../integrity/event-hash';
import type { EventEnvelope } from '../event-store';
import { EVENT_STORE_MIGRATIONS } from './event-store-migrations';
import { PostgresEventStore } from './postgres-event-store';

const quiet = { info: () => undefined };

/** Strings a canonical encoding can get wrong: control characters, quotes, escapes, beyond U+FFFF. */
const AWKWARD_STRINGS = [
  // Every control character but NUL, which PostgreSQL's jsonb refuses (so no event can hold it).
  Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join(''),
  '"\\/\u007f\u0080\u2028\u2029\ufeff\uffff',
  '投诉 “处理” 难 — 整改 😀 𠀀',
  '',
];

/** Doubles over the whole range: random bit patterns, and the decimal-looking ones events carry. */
function someNumbers(): number[] {
  const numbers = [0, -0, 1, -1, 0.1, 0.2, 0.3, 1e21, 1e20, 1e-6, 1e-7, 5e-324, 1.7976931348623157e308, 2 ** 53, 2 ** 53 + 2, 123.456];
  const bits = new BigUint64Array(1);
  const double = new Float64Array(bits.buffer);
  while (numbers.length < 1500) {
    bits[0] = randomBytes(8).readBigUInt64LE();
    if (Number.isFinite(double[0])) numbers.push(double[0]);
    numbers.push(Math.round(Math.random() * 10_000) / 100, Math.random() * 10 ** Math.floor(Math.random() * 40 - 20));
  }
  return numbers;
}

function expectChained(events: EventEnvelope[]): void {
  let previous: string | null = null;
  for (const event of events) {
    expect(event.hash).toBe(eventHash(event, previous));
    previous = event.hash!;
  }
}

describe('the hash chain in PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(async () => db.drop());

  const sqlCanonical = async (value: unknown): Promise<string> =>
    (await db.pool.query<{ c: string }>('SELECT event_chain_json($1::jsonb) AS c', [JSON.stringify(value)])).rows[0].c;

  it('event_chain_json(jsonb) writes the bytes canonicalJson writes in Node', async () => {
    const numbers = someNumbers();
    const values: unknown[] = [
      { b: 1, a: { d: [3, { z: 0, y: 1 }], c: null }, e: true, f: false },
      { '\ud83d\ude00': 1, '\uff5e': 2, '\ue000': 3, a: 4, aa: 5, b: 6, '': 7, 中: 8 },
      AWKWARD_STRINGS,
      Object.fromEntries(AWKWARD_STRINGS.map((s, i) => [s, i])),
      [[[]], {}, [{}], { x: [{ y: [{}] }] }],
      'a string alone',
      42,
      null,
    ];
    for (const value of values) expect(await sqlCanonical(value)).toBe(canonicalJson(value));
    // One query for all the numbers: their canonical texts, one by one, must agree.
    const { rows } = await db.pool.query<{ c: string }>(
      'SELECT event_chain_json(value) AS c FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(value, n) ORDER BY n',
      [JSON.stringify(numbers)],
    );
    const disagreeing = numbers.filter((n, i) => rows[i].c !== canonicalJson(n));
    expect(disagreeing).toEqual([]);
  });

  it('an append that sends plain data (canonicalised in SQL) is chained exactly as one that sends canonical text', async () => {
    const store = new PostgresEventStore(db.pool, db.url);
    try {
      for (const streamId of [`plain-${randomUUID()}`, `plain-"引号"\\-\t\n\u0001-😀-${randomUUID()}`]) {
        const envelope = (data: unknown) => ({
          event_id: randomUUID(),
          type: 'Type "with" \\ 特殊\t字符',
          schema_version: 2,
          data,
          metadata: { actorId: 'sql', occurredAt: '2026-09-24T01:30:00.000Z', n: someNumbers().slice(0, 50) },
        });
        await db.pool.query("SELECT * FROM append_to_stream($1, 'any', NULL, $2::jsonb)", [
          streamId,
          JSON.stringify([envelope({ strings: AWKWARD_STRINGS }), envelope(someNumbers().slice(0, 200))]),
        ]);
        await store.appendToStream(
          streamId,
          [{ eventId: randomUUID(), type: 'FromNode', schemaVersion: 1, data: { a: 1 }, metadata: {} as never }],
          {
            expectedVersion: 2,
          },
        );
        const read = await store.readStream(streamId);
        expect(read).toHaveLength(3);
        expectChained(read);
      }
    } finally {
      await store.close();
    }
  });
});

describe('events written before the hash chain existed', () => {
  let db: TestDatabase;
  let oldFolder: string;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    // The event store as it was before the chain: its first migration only.
    oldFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'event-store-v1-'));
    const first = '1763700000000_event-store.sql';
    fs.copyFileSync(path.join(EVENT_STORE_MIGRATIONS[0], first), path.join(oldFolder, first));
  });
  afterAll(async () => {
    await db.drop();
    fs.rmSync(oldFolder, { recursive: true, force: true });
  });

  it('get their chain computed once by the migration, as the owner, and verify in Node; new appends continue it', async () => {
    await runMigrations(db.url, [oldFolder], quiet);
    const streams = [`legacy-${randomUUID()}`, `legacy-"q"-😀-${randomUUID()}`];
    for (const streamId of streams) {
      for (const data of [{ strings: AWKWARD_STRINGS, n: someNumbers().slice(0, 300) }, { b: 2, a: 1 }, [1, 'two', null]]) {
        await db.pool.query("SELECT * FROM append_to_stream($1, 'any', NULL, $2::jsonb)", [
          streamId,
          JSON.stringify([{ event_id: randomUUID(), type: 'Legacy', schema_version: 1, data, metadata: { actorId: 'old', unitId: null } }]),
        ]);
      }
    }
    // Microseconds, as the old function recorded them: the chain covers milliseconds.
    expect(
      (await db.pool.query('SELECT count(*)::int AS n FROM events WHERE extract(microseconds FROM recorded_at)::int % 1000 <> 0')).rows[0]
        .n,
    ).toBeGreaterThan(0);

    await runMigrations(db.url, TEST_MIGRATION_FOLDERS, quiet);

    const store = new PostgresEventStore(db.pool, db.url);
    try {
      for (const streamId of streams) {
        await store.appendToStream(streamId, [newEvent()], { expectedVersion: 3 });
        const read = await store.readStream(streamId);
        expect(read.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
        expectChained(read);
      }
    } finally {
      await store.close();
    }
  });
});

describe('streams recorded while the event_streams table held their heads', () => {
  const DROPPED_BY = '1764600000100';
  let db: TestDatabase;
  let oldFolder: string;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    // Every migration from before the one that drops the table, of every package (their order is checked).
    oldFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'event-store-with-streams-'));
    for (const folder of TEST_MIGRATION_FOLDERS) {
      for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.sql') && f < DROPPED_BY)) {
        fs.copyFileSync(path.join(folder, file), path.join(oldFolder, file));
      }
    }
  });
  afterAll(async () => {
    await db.drop();
    fs.rmSync(oldFolder, { recursive: true, force: true });
  });

  it('continue where they stood once it is gone: version checks, chains and idempotent retries', async () => {
    await runMigrations(db.url, [oldFolder], quiet);
    const store = new PostgresEventStore(db.pool, db.url);
    try {
      const [a, b] = [`kept-${randomUUID()}`, `kept-${randomUUID()}`];
      const first = [newEvent(), newEvent()];
      const recorded = await store.appendToStream(a, first, { expectedVersion: 'no_stream' });
      // One event as the store sent it then: append_one_to_stream came after (1764800000200).
      const [one] = [newEvent()];
      await db.pool.query("SELECT * FROM append_to_stream($1, 'no_stream', NULL, $2::jsonb)", [
        b,
        JSON.stringify([
          {
            event_id: one.eventId,
            type: one.type,
            schema_version: one.schemaVersion,
            data_json: canonicalJson(one.data),
            metadata_json: canonicalJson(one.metadata),
          },
        ]),
      ]);

      await runMigrations(db.url, TEST_MIGRATION_FOLDERS, quiet);
      expect((await db.pool.query("SELECT to_regclass('event_streams') AS t")).rows).toEqual([{ t: null }]);

      await expect(store.appendToStream(a, [newEvent()], { expectedVersion: 1 })).rejects.toMatchObject({ actual: 2 });
      await expect(store.appendToStream(b, [newEvent()], { expectedVersion: 'no_stream' })).rejects.toMatchObject({ actual: 1 });
      expect(await store.appendToStream(a, first, { expectedVersion: 'no_stream' })).toEqual(recorded);
      expect((await store.appendToStream(a, [newEvent()], { expectedVersion: 2 })).nextVersion).toBe(3);
      expect((await store.appendToStream(b, [newEvent()], { expectedVersion: 1 })).nextVersion).toBe(2);
      for (const streamId of [a, b]) expectChained(await store.readStream(streamId));
    } finally {
      await store.close();
    }
  });
});
