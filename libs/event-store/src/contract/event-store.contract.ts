import { randomBytes } from 'node:crypto';
import { GLOBAL_LOG, MAX_DECIDED_ON, MAX_LOG_PATTERNS, type EventEnvelope, type EventStore } from '../event-store';
import { EventIdConflict, InvalidAppend, StreamMoved, WrongExpectedVersion } from '../errors';
import { eventHash } from '../integrity/event-hash';
import { collect, newEvent, readAllOnce, waitFor } from './helpers';
import { describeOrderingUnderConcurrency } from './ordering.contract';

export interface ContractSetup {
  store: EventStore;
  teardown(): Promise<void>;
}

/**
 * The behaviour every EventStore adapter must have. Stream names carry a per-run prefix and global
 * reads filter on it, so the suite also runs against a shared, non-empty KurrentDB.
 */
export function describeEventStoreContract(adapterName: string, setup: () => Promise<ContractSetup>): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let store: EventStore;
    let teardown: () => Promise<void>;
    const prefix = `contract${randomBytes(4).toString('hex')}`;
    let n = 0;
    const stream = (kind = 'case') => `${prefix}${kind}-${++n}`;
    const get = () => store;

    beforeAll(async () => {
      ({ store, teardown } = await setup());
    });
    afterAll(async () => teardown?.());

    describe('append and read', () => {
      it('round-trips every envelope field, in stream order', async () => {
        const id = stream();
        const events = [newEvent('ComplaintFiled', { title: '投诉处理难', amount: 12.5 }), newEvent('ComplaintAccepted', {})];
        const result = await store.appendToStream(id, events, { expectedVersion: 'no_stream' });

        const read = await store.readStream(id);
        expect(result.nextVersion).toBe(2);
        expect(read.map((e) => e.streamVersion)).toEqual([1, 2]);
        expect(read[1].position).toBe(result.position);
        expect(read[0].position < read[1].position).toBe(true);
        read.forEach((envelope, i) => {
          expect(envelope).toMatchObject({
            eventId: events[i].eventId,
            streamId: id,
            type: events[i].type,
            schemaVersion: 1,
            data: events[i].data,
            metadata: events[i].metadata,
          });
          expect(typeof envelope.position).toBe('bigint');
          expect(new Date(envelope.recordedAt).toISOString()).toBe(envelope.recordedAt);
        });
      });

      it('reads from a version with a maximum count, and an absent stream as empty', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent(), newEvent(), newEvent(), newEvent()], { expectedVersion: 'any' });
        const page = await store.readStream(id, { fromVersion: 2, maxCount: 2 });
        expect(page.map((e) => e.streamVersion)).toEqual([2, 3]);
        expect(await store.readStream(stream('absent'))).toEqual([]);
      });

      it('reads events by their place in their streams, in the order asked, leaving out a place holding none', async () => {
        const [a, b] = [stream(), stream()];
        await store.appendToStream(a, [newEvent('ComplaintFiled'), newEvent('ComplaintAccepted'), newEvent('UnitNotified')], {
          expectedVersion: 'no_stream',
        });
        await store.appendToStream(b, [newEvent('ComplaintFiled')], { expectedVersion: 'no_stream' });
        const [inA, inB] = [await store.readStream(a), await store.readStream(b)];

        const read = await store.readEvents([
          { streamId: b, version: 1 },
          { streamId: a, version: 3 },
          { streamId: a, version: 4 },
          { streamId: stream(), version: 1 },
          { streamId: a, version: 1 },
        ]);
        expect(read).toEqual([inB[0], inA[2], inA[0]]);
        expect(await store.readEvents([])).toEqual([]);
      });

      it('refuses an empty append or an invalid event without writing', async () => {
        const id = stream();
        await expect(store.appendToStream(id, [], { expectedVersion: 'any' })).rejects.toBeInstanceOf(InvalidAppend);
        const bad = { ...newEvent(), eventId: 'not-a-uuid' };
        await expect(store.appendToStream(id, [bad], { expectedVersion: 'any' })).rejects.toBeInstanceOf(InvalidAppend);
        expect(await store.readStream(id)).toEqual([]);
      });
    });

    describe('expected version', () => {
      const expectWrong = async (promise: Promise<unknown>, expected: unknown, actual: number) => {
        const error = await promise.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(WrongExpectedVersion);
        expect(error).toMatchObject({ expected, actual });
      };

      it('no_stream: succeeds on an absent stream, fails on an existing one', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent()], { expectedVersion: 'no_stream' });
        await expectWrong(store.appendToStream(id, [newEvent()], { expectedVersion: 'no_stream' }), 'no_stream', 1);
      });

      it('stream_exists: fails on an absent stream, succeeds on an existing one', async () => {
        const id = stream();
        await expectWrong(store.appendToStream(id, [newEvent()], { expectedVersion: 'stream_exists' }), 'stream_exists', 0);
        expect(await store.readStream(id)).toEqual([]);
        await store.appendToStream(id, [newEvent()], { expectedVersion: 'any' });
        const result = await store.appendToStream(id, [newEvent()], { expectedVersion: 'stream_exists' });
        expect(result.nextVersion).toBe(2);
      });

      it('a number: succeeds at exactly that version (0 = absent), fails otherwise and writes nothing', async () => {
        const id = stream();
        expect((await store.appendToStream(id, [newEvent()], { expectedVersion: 0 })).nextVersion).toBe(1);
        expect((await store.appendToStream(id, [newEvent(), newEvent()], { expectedVersion: 1 })).nextVersion).toBe(3);
        await expectWrong(store.appendToStream(id, [newEvent()], { expectedVersion: 1 }), 1, 3);
        await expectWrong(store.appendToStream(id, [newEvent()], { expectedVersion: 5 }), 5, 3);
        await expectWrong(store.appendToStream(stream(), [newEvent()], { expectedVersion: 2 }), 2, 0);
        expect(await store.readStream(id)).toHaveLength(3);
      });

      it('any: always appends', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent()], { expectedVersion: 'any' });
        expect((await store.appendToStream(id, [newEvent()], { expectedVersion: 'any' })).nextVersion).toBe(2);
      });

      it('two concurrent appends at the same version: exactly one wins, the other gets WrongExpectedVersion', async () => {
        for (let round = 0; round < 10; round++) {
          const id = stream();
          await store.appendToStream(id, [newEvent()], { expectedVersion: 'no_stream' });
          const a = newEvent('A');
          const b = newEvent('B');
          const outcomes = await Promise.allSettled([
            store.appendToStream(id, [a], { expectedVersion: 1 }),
            store.appendToStream(id, [b], { expectedVersion: 1 }),
          ]);
          const won = outcomes.filter((o) => o.status === 'fulfilled');
          const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
          expect(won).toHaveLength(1);
          expect(lost).toHaveLength(1);
          expect(lost[0].reason).toBeInstanceOf(WrongExpectedVersion);
          expect(lost[0].reason).toMatchObject({ expected: 1, actual: 2 });
          const read = await store.readStream(id);
          expect(read).toHaveLength(2);
          expect([a.eventId, b.eventId]).toContain(read[1].eventId);
        }
      });

      it('two concurrent first appends with no_stream: exactly one creates the stream', async () => {
        const id = stream();
        const outcomes = await Promise.allSettled([
          store.appendToStream(id, [newEvent()], { expectedVersion: 'no_stream' }),
          store.appendToStream(id, [newEvent()], { expectedVersion: 'no_stream' }),
        ]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(id)).toHaveLength(1);
      });
    });

    describe('decided on other streams (decidedOn)', () => {
      const moved = async (promise: Promise<unknown>) =>
        promise.then(
          () => undefined,
          (e: unknown) => e,
        );

      it('appends only while every stream the decision read is at the version it read (0 = absent)', async () => {
        const [rules, unit, absent, id] = [stream('rules'), stream('unit'), stream('rules'), stream()];
        await store.appendToStream(rules, [newEvent('PolicyPublished')], { expectedVersion: 'no_stream' });
        await store.appendToStream(unit, [newEvent('UnitRegistered'), newEvent('UnitRenamed')], { expectedVersion: 'no_stream' });
        const decidedOn = [
          { streamId: rules, version: 1 },
          { streamId: unit, version: 2 },
          { streamId: absent, version: 0 },
        ];
        // One event and several: PostgreSQL appends them through different functions.
        expect(await store.appendToStream(id, [newEvent()], { expectedVersion: 'no_stream', decidedOn })).toMatchObject({ nextVersion: 1 });
        expect(await store.appendToStream(id, [newEvent(), newEvent()], { expectedVersion: 1, decidedOn })).toMatchObject({
          nextVersion: 3,
        });
      });

      it.each([1, 2])('a stream moved since the decision: StreamMoved naming it, and none of the %i event(s) written', async (size) => {
        const [rules, unit, id] = [stream('rules'), stream('unit'), stream()];
        await store.appendToStream(rules, [newEvent('PolicyPublished')], { expectedVersion: 'no_stream' });
        await store.appendToStream(unit, [newEvent('UnitRegistered')], { expectedVersion: 'no_stream' });
        await store.appendToStream(id, [newEvent()], { expectedVersion: 'no_stream' });
        const decidedOn = [
          { streamId: rules, version: 1 },
          { streamId: unit, version: 1 },
        ];
        await store.appendToStream(unit, [newEvent('UnitRetired')], { expectedVersion: 1 });

        const error = await moved(
          store.appendToStream(
            id,
            Array.from({ length: size }, () => newEvent()),
            { expectedVersion: 1, decidedOn },
          ),
        );
        expect(error).toBeInstanceOf(StreamMoved);
        expect(error).toMatchObject({ code: 'STREAM_MOVED', streamId: unit, expected: 1, actual: 2 });
        // A stream that did not exist when read, created since.
        const created = await moved(
          store.appendToStream(id, [newEvent()], { expectedVersion: 1, decidedOn: [{ streamId: rules, version: 0 }] }),
        );
        expect(created).toMatchObject({ streamId: rules, expected: 0, actual: 1 });
        expect(await store.readStream(id)).toHaveLength(1);
      });

      it('a retry that finds its events stored is not refused, however the streams decided on moved since', async () => {
        const [rules, id] = [stream('rules'), stream()];
        await store.appendToStream(rules, [newEvent('PolicyPublished')], { expectedVersion: 'no_stream' });
        const event = newEvent();
        const first = await store.appendToStream(id, [event], {
          expectedVersion: 'no_stream',
          decidedOn: [{ streamId: rules, version: 1 }],
        });
        await store.appendToStream(rules, [newEvent('PolicyPublished')], { expectedVersion: 1 });
        expect(
          await store.appendToStream(id, [event], { expectedVersion: 'no_stream', decidedOn: [{ streamId: rules, version: 1 }] }),
        ).toEqual(first);
        expect(await store.readStream(id)).toHaveLength(1);
      });

      it('refuses a malformed list before writing anything', async () => {
        const id = stream();
        for (const decidedOn of [
          [{ streamId: '', version: 0 }],
          [{ streamId: stream('rules'), version: -1 }],
          Array(MAX_DECIDED_ON + 1).fill({ streamId: 'x', version: 0 }),
        ]) {
          await expect(store.appendToStream(id, [newEvent()], { expectedVersion: 'any', decidedOn })).rejects.toBeInstanceOf(InvalidAppend);
        }
        expect(await store.readStream(id)).toEqual([]);
      });
    });

    describe('decided on what the global log did not hold (decidedOnLog)', () => {
      const refusal = async (promise: Promise<unknown>) =>
        promise.then(
          () => undefined,
          (e: unknown) => e,
        );
      /** A unit's holdings as a retirement looks for them; ids unique to the run, so a shared log's other events never match. */
      const holdings = (unit: string) => [
        { type: 'UnitNotified', dataContains: { unitId: unit } },
        { type: 'MeasuresPlanned', dataContains: { measures: [{ responsibleUnitId: unit }] } },
      ];

      it('appends when no such event came after the position read: before it, of another type or data, or in the stream appended to', async () => {
        const [unit, other, id] = [stream('unit'), stream('unit'), stream('unit')];
        await store.appendToStream(stream(), [newEvent('UnitNotified', { unitId: unit })], { expectedVersion: 'no_stream' });
        const { position } = await store.appendToStream(stream(), [newEvent('ComplaintFiled', { unitId: unit })], {
          expectedVersion: 'no_stream',
        });
        await store.appendToStream(stream(), [newEvent('UnitAcknowledged', { unitId: unit })], { expectedVersion: 'no_stream' });
        await store.appendToStream(stream(), [newEvent('UnitNotified', { unitId: other })], { expectedVersion: 'no_stream' });
        await store.appendToStream(stream('finding'), [newEvent('MeasuresPlanned', { measures: [{ responsibleUnitId: other }] })], {
          expectedVersion: 'no_stream',
        });
        await store.appendToStream(id, [newEvent('UnitNotified', { unitId: unit })], { expectedVersion: 'no_stream' });

        const decidedOnLog = { position, absent: holdings(unit) };
        expect(await store.appendToStream(id, [newEvent('UnitRetired')], { expectedVersion: 1, decidedOnLog })).toMatchObject({
          nextVersion: 2,
        });
      });

      it.each([1, 2])(
        'such an event after the position: StreamMoved on the global log, naming its position, and none of the %i event(s) written',
        async (size) => {
          const [unit, id] = [stream('unit'), stream('unit')];
          const { position } = await store.appendToStream(id, [newEvent('UnitRegistered')], { expectedVersion: 'no_stream' });
          const planned = await store.appendToStream(
            stream('finding'),
            [
              newEvent('MeasuresPlanned', {
                measures: [
                  { responsibleUnitId: 'other', id: 'M1' },
                  { responsibleUnitId: unit, id: 'M2' },
                ],
              }),
            ],
            { expectedVersion: 'no_stream' },
          );

          const error = await refusal(
            store.appendToStream(
              id,
              Array.from({ length: size }, () => newEvent('UnitRetired')),
              { expectedVersion: 1, decidedOnLog: { position, absent: holdings(unit) } },
            ),
          );
          expect(error).toBeInstanceOf(StreamMoved);
          expect(error).toMatchObject({ streamId: GLOBAL_LOG, expected: Number(position), actual: Number(planned.position) });
          expect(await store.readStream(id)).toHaveLength(1);
          // Read through the later position, the same decision appends.
          await store.appendToStream(id, [newEvent('UnitRetired')], {
            expectedVersion: 1,
            decidedOnLog: { position: planned.position, absent: holdings(unit) },
          });
          expect(await store.readStream(id)).toHaveLength(2);
        },
      );

      it('refuses a malformed read before writing anything', async () => {
        const id = stream();
        const pattern = { type: 'UnitNotified', dataContains: { unitId: 'x' } };
        for (const decidedOnLog of [
          { position: -1n, absent: [pattern] },
          { position: 1 as unknown as bigint, absent: [pattern] },
          { position: 0n, absent: [] },
          { position: 0n, absent: Array(MAX_LOG_PATTERNS + 1).fill(pattern) },
          { position: 0n, absent: [{ type: '', dataContains: {} }] },
          { position: 0n, absent: [{ type: 'UnitNotified', dataContains: ['x'] as unknown as Record<string, unknown> }] },
        ]) {
          await expect(store.appendToStream(id, [newEvent()], { expectedVersion: 'any', decidedOnLog })).rejects.toBeInstanceOf(
            InvalidAppend,
          );
        }
        expect(await store.readStream(id)).toEqual([]);
      });
    });

    describe('idempotent retry', () => {
      // A batch of one and one of several: PostgreSQL appends them through different functions.
      it.each([1, 2])('appending the same %i event id(s) again appends nothing and returns the first result', async (size) => {
        const id = stream();
        const events = Array.from({ length: size }, () => newEvent());
        const first = await store.appendToStream(id, events, { expectedVersion: 'no_stream' });
        const retry = await store.appendToStream(id, events, { expectedVersion: 'no_stream' });
        const retryAny = await store.appendToStream(id, events, { expectedVersion: 'any' });
        expect(retry).toEqual(first);
        expect(retryAny).toEqual(first);
        expect(await store.readStream(id)).toHaveLength(size);
      });

      it('a retry after other events followed still appends nothing', async () => {
        const id = stream();
        const event = newEvent();
        const first = await store.appendToStream(id, [event], { expectedVersion: 0 });
        await store.appendToStream(id, [newEvent()], { expectedVersion: 1 });
        expect(await store.appendToStream(id, [event], { expectedVersion: 0 })).toEqual(first);
        expect(await store.readStream(id)).toHaveLength(2);
      });

      it('a retry sent again at the version it moved the stream to (same ids, re-read stream) appends nothing', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent()], { expectedVersion: 'no_stream' });
        const events = [newEvent(), newEvent()];
        const first = await store.appendToStream(id, events, { expectedVersion: 1 });
        expect(await store.appendToStream(id, events, { expectedVersion: 3 })).toEqual(first);
        await expect(store.appendToStream(id, [events[1], newEvent()], { expectedVersion: 3 })).rejects.toBeInstanceOf(EventIdConflict);
        expect(await store.appendToStream(id, [newEvent()], { expectedVersion: 3 })).toMatchObject({ nextVersion: 4 });
        expect(await store.readStream(id)).toHaveLength(4);
      });

      it('a retry of one event sent again at the version it moved the stream to appends nothing', async () => {
        const id = stream();
        await store.appendToStream(id, [newEvent()], { expectedVersion: 'no_stream' });
        const event = newEvent();
        const first = await store.appendToStream(id, [event], { expectedVersion: 1 });
        expect(await store.appendToStream(id, [event], { expectedVersion: 2 })).toEqual(first);
        expect(await store.appendToStream(id, [event], { expectedVersion: 'stream_exists' })).toEqual(first);
        expect(await store.appendToStream(id, [newEvent()], { expectedVersion: 2 })).toMatchObject({ nextVersion: 3 });
        expect(await store.readStream(id)).toHaveLength(3);
      });

      it('refuses a batch in which only some event ids were already appended', async () => {
        const id = stream();
        const old = newEvent();
        await store.appendToStream(id, [old], { expectedVersion: 'any' });
        await expect(store.appendToStream(id, [old, newEvent()], { expectedVersion: 'any' })).rejects.toBeInstanceOf(EventIdConflict);
        expect(await store.readStream(id)).toHaveLength(1);
      });
    });

    describe('hash chain (tamper evidence)', () => {
      /** Data a canonical encoding can get wrong: key order, unicode, numbers, nesting, escapes. */
      const awkward = {
        z: 1,
        a: [3, 2, 1, { y: null, b: true, aa: false }],
        中文: '投诉 “处理” 难 — 整改\n第二行\t"引号" \\ 反斜杠 \u0001 😀',
        '\ud83d\ude00': 'a key beyond U+FFFF',
        '\uff5e': 'a key from U+E000 to U+FFFF, after the one above in RFC 8785 order',
        numbers: [0, -0, 1, -1, 1.5, 0.1, 0.30000000000000004, 1e21, 1e-7, 123456789012345680000, 5e-324, 1.7976931348623157e308, -2.5e-8],
        nested: { deeper: { deepest: [[], {}, [{}], ''] } },
        '': 'empty key',
      };

      const expectChained = (events: EventEnvelope[]) => {
        events.forEach((event, i) => {
          expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
          expect(event.hash).toBe(eventHash(event, i === 0 ? null : events[i - 1].hash!));
        });
      };

      it('every event carries the hash of its canonical envelope, chained to the one before it in its stream', async () => {
        const id = stream('chain');
        await store.appendToStream(id, [newEvent('ComplaintFiled', awkward), newEvent('UnitNotified', { unitId: 'dept-1' })], {
          expectedVersion: 'no_stream',
        });
        await store.appendToStream(id, [newEvent('UnitAcknowledged', { n: 2.5 })], { expectedVersion: 2 });
        await store.appendToStream(id, [newEvent('ExtensionRequested', { days: 3 }), newEvent('Reported', [1, 'two'])], {
          expectedVersion: 'any',
        });
        const read = await store.readStream(id);
        expect(read.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5]);
        expect(read[0].data).toEqual(JSON.parse(JSON.stringify(awkward)));
        expectChained(read);
        expect(new Set(read.map((e) => e.hash)).size).toBe(5);
      });

      it('the global log hands out the same hashes as the stream', async () => {
        const tag = `${prefix}chainlog${++n}-`;
        await store.appendToStream(`${tag}1`, [newEvent(), newEvent()], { expectedVersion: 'any' });
        const stored = await store.readStream(`${tag}1`);
        const logged = await readAllOnce(store, { streamPrefixes: [tag] }, 2);
        expect(logged.map((e) => e.hash)).toEqual(stored.map((e) => e.hash));
        expect((await store.head({ filter: { streamPrefixes: [tag] } }))?.hash).toBe(stored[1].hash);
      });

      it('a retried append keeps the chain as it was; concurrent writers never fork it', async () => {
        const id = stream('chain');
        const events = [newEvent(), newEvent()];
        await store.appendToStream(id, events, { expectedVersion: 'no_stream' });
        await store.appendToStream(id, events, { expectedVersion: 'no_stream' });
        await Promise.all(Array.from({ length: 8 }, () => store.appendToStream(id, [newEvent()], { expectedVersion: 'any' })));
        const read = await store.readStream(id);
        expect(read).toHaveLength(10);
        expectChained(read);
      });

      it('changing any field of an event changes the hash it should carry', async () => {
        const id = stream('chain');
        await store.appendToStream(id, [newEvent('ComplaintFiled', { title: '审批繁琐' })], { expectedVersion: 'no_stream' });
        const [event] = await store.readStream(id);
        const variants = [
          { ...event, data: { title: '审批繁锁' } },
          { ...event, metadata: { ...event.metadata, actorId: 'someone-else' } },
          { ...event, type: 'ComplaintRejected' },
          { ...event, streamVersion: 2 },
          { ...event, streamId: `${id}x` },
          { ...event, recordedAt: new Date(Date.parse(event.recordedAt) + 1).toISOString() },
          { ...event, schemaVersion: 2 },
        ];
        for (const variant of variants) expect(eventHash(variant, null)).not.toBe(event.hash);
      });
    });

    describe('global log', () => {
      it('head is the last visible event, filtered like readAll; null when nothing matches', async () => {
        const tag = `${prefix}head${++n}`;
        expect(await store.head({ filter: { streamPrefixes: [tag] } })).toBeNull();
        await store.appendToStream(`${tag}-1`, [newEvent('ComplaintFiled'), newEvent('UnitNotified')], { expectedVersion: 'any' });
        const [, last] = await readAllOnce(store, { streamPrefixes: [tag] }, 2);
        expect((await store.head({ filter: { streamPrefixes: [tag] } }))?.eventId).toBe(last.eventId);
        const head = await store.head();
        expect(head === null ? null : head.position >= last.position).toBe(true);
      });

      it('reads after a position, with a limit, filtered by stream prefix or event type', async () => {
        const tag = `${prefix}log${++n}`;
        const a = `${tag}a-1`;
        const b = `${tag}b-1`;
        await store.appendToStream(a, [newEvent('ComplaintFiled'), newEvent('UnitNotified')], { expectedVersion: 'any' });
        await store.appendToStream(b, [newEvent('ComplaintFiled')], { expectedVersion: 'any' });

        const all = await readAllOnce(store, { streamPrefixes: [tag] }, 3);
        expect(all.map((e) => [e.streamId, e.streamVersion])).toEqual([
          [a, 1],
          [a, 2],
          [b, 1],
        ]);
        const afterFirst = await store.readAll({ after: all[0].position, limit: 1, filter: { streamPrefixes: [tag] } });
        expect(afterFirst.map((e) => e.eventId)).toEqual([all[1].eventId]);
        const onlyA = await store.readAll({ filter: { streamPrefixes: [`${tag}a-`] } });
        expect(onlyA).toHaveLength(2);
        const notified = await store.readAll({ after: all[0].position, filter: { eventTypes: ['UnitNotified'] } });
        expect(notified.map((e) => e.eventId)).toEqual([all[1].eventId]);
      });
    });

    describe('backlog', () => {
      it('counts what is left after a position, up to the limit, and names the first of it and the head', async () => {
        const filter = { streamPrefixes: [`${prefix}backlog${++n}`] };
        expect(await store.backlog({ filter, limit: 10 })).toEqual({ headPosition: null, next: null, count: 0 });
        await store.appendToStream(`${filter.streamPrefixes[0]}-1`, [newEvent(), newEvent()], { expectedVersion: 'any' });
        await store.appendToStream(`${filter.streamPrefixes[0]}-2`, [newEvent()], { expectedVersion: 'any' });
        const [first, second, last] = await readAllOnce(store, filter, 3);
        const at = (e: EventEnvelope) => ({ position: e.position, recordedAt: e.recordedAt });

        expect(await store.backlog({ filter, limit: 10 })).toEqual({ headPosition: last.position, next: at(first), count: 3 });
        expect(await store.backlog({ after: first.position, filter, limit: 10 })).toEqual({
          headPosition: last.position,
          next: at(second),
          count: 2,
        });
        expect(await store.backlog({ filter, limit: 2 })).toMatchObject({ count: 2 });
        expect(await store.backlog({ after: last.position, filter, limit: 10 })).toEqual({
          headPosition: last.position,
          next: null,
          count: 0,
        });
      });
    });

    describe('subscription', () => {
      it('catches up from the start, then delivers new events live, and ends on close', async () => {
        const tag = `${prefix}sub${++n}-`;
        await store.appendToStream(`${tag}1`, [newEvent(), newEvent(), newEvent()], { expectedVersion: 'any' });
        const subscription = store.subscribe({ filter: { streamPrefixes: [tag] } });
        const received: EventEnvelope[] = [];
        const done = (async () => {
          for await (const event of subscription) received.push(event);
        })();
        await waitFor(() => received.length === 3);
        await store.appendToStream(`${tag}2`, [newEvent(), newEvent()], { expectedVersion: 'any' });
        await waitFor(() => received.length === 5);
        await subscription.close();
        await done;
        expect(received.map((e) => `${e.streamId}@${e.streamVersion}`)).toEqual([
          `${tag}1@1`,
          `${tag}1@2`,
          `${tag}1@3`,
          `${tag}2@1`,
          `${tag}2@2`,
        ]);
      });

      it('resumes after a checkpoint without repeating what the consumer already has', async () => {
        const tag = `${prefix}resume${++n}-`;
        await store.appendToStream(`${tag}1`, [newEvent(), newEvent(), newEvent()], { expectedVersion: 'any' });
        const first = await collect(store.subscribe({ filter: { streamPrefixes: [tag] } }), 2);
        const rest = await collect(store.subscribe({ after: first[1].position, filter: { streamPrefixes: [tag] } }), 1);
        expect(rest.map((e) => e.streamVersion)).toEqual([3]);
      });
    });

    describeOrderingUnderConcurrency(get, prefix);
  });
}
