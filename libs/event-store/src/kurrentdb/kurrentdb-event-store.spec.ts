import { PassThrough } from 'node:stream';
import { randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  EVENT_TYPE,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  STREAM_NAME,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendStreamState,
  type EventData,
  type KurrentDBClient,
  type RecordedEvent,
} from '@kurrent/kurrentdb-client';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { InvalidAppend, StreamMoved } from '../errors';
import type { EventEnvelope, NewEvent } from '../event-store';
import { chainEvents, eventHash } from '../integrity/event-hash';
import { createKurrentDbEventStore, KurrentDbEventStore } from './kurrentdb-event-store';
import {
  actualVersionFromState,
  escapeRegex,
  eventTypesRegex,
  isSystemEvent,
  revisionToVersion,
  startAfter,
  toClientFilter,
  toEnvelope,
  toEventData,
  toStreamState,
  versionAllows,
} from './kurrentdb-mapping';
import { classifyStoredIds, type StoredEventRef } from '../stored-ids';
import { waitUntil } from '../../../../test/support/wait';
import { KurrentDbSubscription } from './kurrentdb-subscription';

const KURRENTDB_URL = process.env.KURRENTDB_URL;

if (KURRENTDB_URL) {
  describeEventStoreContract('KurrentDB', async () => {
    const store = createKurrentDbEventStore(KURRENTDB_URL);
    return { store, teardown: () => store.close() };
  });
} else {
  console.warn('KurrentDB contract tests skipped: set KURRENTDB_URL=kurrentdb://localhost:2113?tls=false to run them');
  describe.skip('EventStore contract: KurrentDB (needs KURRENTDB_URL)', () => {
    it('runs the shared EventStore contract against a KurrentDB server', () => undefined);
  });
}

const metadata = {
  actorId: 'user-1',
  role: 'intake',
  unitId: 'unit-7',
  correlationId: 'corr-1',
  causationId: null,
  occurredAt: '2026-09-24T09:30:00.000Z',
};

function recorded(overrides: Partial<Record<keyof RecordedEvent, unknown>> = {}): RecordedEvent {
  return {
    streamId: 'case-1',
    id: '5b0c6f55-34d5-4c43-9f4f-2f0b6a1a8a11',
    isJson: true,
    revision: 2n,
    type: 'ComplaintFiled',
    created: new Date('2026-09-24T09:31:00.123Z'),
    data: { title: '审批繁琐' },
    metadata: { ...metadata, schemaVersion: 3 },
    position: { commit: 4242n, prepare: 4242n },
    ...overrides,
  } as RecordedEvent;
}

describe('KurrentDB mapping', () => {
  it('maps an expected version to a stream state (version n = revision n - 1, 0 = no stream)', () => {
    expect(toStreamState(0)).toBe(NO_STREAM);
    expect(toStreamState(1)).toBe(0n);
    expect(toStreamState(7)).toBe(6n);
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState('stream_exists')).toBe(STREAM_EXISTS);
    expect(toStreamState('any')).toBe(ANY);
  });

  it('maps revisions to versions, and a reported actual state to our version', () => {
    expect(revisionToVersion(0n)).toBe(1);
    expect(revisionToVersion(41n)).toBe(42);
    expect(actualVersionFromState('no_stream')).toBe(0);
    expect(actualVersionFromState(2n)).toBe(3);
    expect(actualVersionFromState(-5n)).toBe(0);
    expect(actualVersionFromState(undefined)).toBe(0);
  });

  it('stores a new event as JSON with schemaVersion, recordedAt and its chain hash in the metadata', () => {
    const event: NewEvent = { eventId: randomUUID(), type: 'ComplaintFiled', schemaVersion: 2, data: { a: 1 }, metadata };
    expect(toEventData({ event, recordedAt: '2026-09-24T09:31:00.123Z', hash: 'ab'.repeat(32) })).toEqual({
      id: event.eventId,
      contentType: 'application/json',
      type: 'ComplaintFiled',
      data: { a: 1 },
      metadata: { ...metadata, schemaVersion: 2, recordedAt: '2026-09-24T09:31:00.123Z', hash: 'ab'.repeat(32) },
    });
  });

  it('maps a chained record back: recordedAt and hash come out of the metadata', () => {
    const envelope = toEnvelope(
      recorded({ metadata: { ...metadata, schemaVersion: 3, recordedAt: '2026-09-24T09:30:59.999Z', hash: 'cd'.repeat(32) } }),
    );
    expect(envelope.metadata).toEqual(metadata);
    expect(envelope.recordedAt).toBe('2026-09-24T09:30:59.999Z');
    expect(envelope.hash).toBe('cd'.repeat(32));
  });

  it('says whether a stream version meets an expected version', () => {
    expect([0, 1, 5].map((v) => versionAllows('any', v))).toEqual([true, true, true]);
    expect([0, 1].map((v) => versionAllows('no_stream', v))).toEqual([true, false]);
    expect([0, 1].map((v) => versionAllows('stream_exists', v))).toEqual([false, true]);
    expect([2, 3].map((v) => versionAllows(3, v))).toEqual([false, true]);
  });

  it('maps a recorded event to an envelope', () => {
    const envelope: EventEnvelope = toEnvelope(recorded());
    expect(envelope).toEqual({
      eventId: '5b0c6f55-34d5-4c43-9f4f-2f0b6a1a8a11',
      streamId: 'case-1',
      streamVersion: 3,
      position: 4242n,
      type: 'ComplaintFiled',
      schemaVersion: 3,
      data: { title: '审批繁琐' },
      metadata,
      recordedAt: '2026-09-24T09:31:00.123Z',
    });
  });

  it('defaults schemaVersion to 1, and takes the resolved commit position when the record has none', () => {
    const envelope = toEnvelope(recorded({ metadata: { ...metadata }, position: undefined }), 99n);
    expect(envelope.schemaVersion).toBe(1);
    expect(envelope.metadata).toEqual(metadata);
    expect(envelope.position).toBe(99n);
    expect(() => toEnvelope(recorded({ position: undefined }))).toThrow(/without a position/);
    // Older servers send 2^64-1 instead of a position on stream reads.
    const placeholder = { commit: 18446744073709551615n, prepare: 18446744073709551615n };
    expect(toEnvelope(recorded({ position: placeholder }), 77n).position).toBe(77n);
  });

  it('recognises system events by $-type or $-stream', () => {
    expect(isSystemEvent({ type: '$metadata', streamId: '$$case-1' })).toBe(true);
    expect(isSystemEvent({ type: 'Anything', streamId: '$stats-127.0.0.1:2113' })).toBe(true);
    expect(isSystemEvent({ type: 'ComplaintFiled', streamId: 'case-1' })).toBe(false);
  });

  it('escapes regex metacharacters so event-type filters match exactly', () => {
    expect(escapeRegex('Case.Opened')).toBe('Case\\.Opened');
    expect(escapeRegex('a+b*(c)[d]{e}|f^g$h?i\\j')).toBe('a\\+b\\*\\(c\\)\\[d\\]\\{e\\}\\|f\\^g\\$h\\?i\\\\j');
    const regex = new RegExp(eventTypesRegex(['Case.Opened', 'Unit(Notified)']));
    expect(regex.test('Case.Opened')).toBe(true);
    expect(regex.test('Unit(Notified)')).toBe(true);
    expect(regex.test('CaseXOpened')).toBe(false);
    expect(regex.test('Case.Opened2')).toBe(false);
    expect(regex.test('XCase.Opened')).toBe(false);
  });

  it('builds server-side filters, excluding system events by default', () => {
    expect(toClientFilter(undefined)).toMatchObject({ filterOn: EVENT_TYPE, regex: '^[^$].*' });
    expect(toClientFilter({ eventTypes: ['A.B', 'C'] })).toMatchObject({ filterOn: EVENT_TYPE, regex: '^(?:A\\.B|C)$' });
    expect(toClientFilter({ streamPrefixes: ['case-', 'unit-'] })).toMatchObject({
      filterOn: STREAM_NAME,
      prefixes: ['case-', 'unit-'],
    });
    expect(toClientFilter({ eventTypes: [] })).toBeNull();
    expect(toClientFilter({ streamPrefixes: [] })).toBeNull();
  });

  it('starts $all reads at the beginning, or at a checkpoint position', () => {
    expect(startAfter(undefined)).toBe(START);
    expect(startAfter(-1n)).toBe(START);
    expect(startAfter(1234n)).toEqual({ commit: 1234n, prepare: 1234n });
  });
});

describe('KurrentDB idempotency verdict', () => {
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  const stored = (...refs: [string, number][]) =>
    new Map<string, StoredEventRef>(refs.map(([id, version]) => [id.toLowerCase(), { version, position: BigInt(version * 100) }]));

  it('none stored: a new append', () => {
    expect(classifyStoredIds(ids, stored())).toEqual({ kind: 'new' });
  });

  it('all stored in order at consecutive versions: a retry answered with the last one', () => {
    const verdict = classifyStoredIds(ids, stored([ids[0], 4], [ids[1], 5], [ids[2], 6]));
    expect(verdict).toEqual({ kind: 'retry', result: { nextVersion: 6, position: 600n } });
  });

  it('matches ids case-insensitively', () => {
    const upper = ids.map((id) => id.toUpperCase());
    expect(classifyStoredIds(upper, stored([ids[0], 1], [ids[1], 2], [ids[2], 3])).kind).toBe('retry');
  });

  it('some stored, out of order or with gaps: a conflict naming the stored ids', () => {
    expect(classifyStoredIds(ids, stored([ids[1], 2]))).toEqual({ kind: 'conflict', eventIds: [ids[1]] });
    expect(classifyStoredIds(ids, stored([ids[0], 2], [ids[1], 1], [ids[2], 3])).kind).toBe('conflict');
    expect(classifyStoredIds(ids, stored([ids[0], 1], [ids[1], 2], [ids[2], 4])).kind).toBe('conflict');
  });
});

describe('KurrentDbSubscription (over a fake client subscription)', () => {
  const resolved = (position: bigint, overrides: Partial<Record<keyof RecordedEvent, unknown>> = {}): AllStreamResolvedEvent =>
    ({ event: recorded({ position: { commit: position, prepare: position }, ...overrides }) }) as AllStreamResolvedEvent;

  function fakeSource() {
    const stream = new PassThrough({ objectMode: true });
    const unsubscribe = jest.fn(async () => undefined);
    return { stream, unsubscribe, source: Object.assign(stream, { unsubscribe }) as unknown as AllStreamSubscription };
  }

  it('skips events at or before `after` and system events, and ends a pending loop on close', async () => {
    const { stream, unsubscribe, source } = fakeSource();
    const onClosed = jest.fn();
    const subscription = new KurrentDbSubscription(() => source, 100n, onClosed);
    const received: bigint[] = [];
    const loop = (async () => {
      for await (const event of subscription) received.push(event.position);
    })();
    stream.write(resolved(90n));
    stream.write(resolved(100n));
    stream.write(resolved(110n, { type: '$metadata' }));
    stream.write({ commitPosition: 115n });
    stream.write(resolved(120n));
    // The last item written is through: the others before it were skipped, and the loop now waits.
    await waitUntil(() => received.includes(120n), { intervalMs: 5 });

    await subscription.close();
    await loop;
    await subscription.close();
    expect(received).toEqual([120n]);
    expect(unsubscribe).toHaveBeenCalledTimes(1);
    expect(onClosed).toHaveBeenCalledTimes(1);
    expect(stream.destroyed).toBe(true);
  });

  it('closes the client subscription when the consumer breaks out', async () => {
    const { stream, unsubscribe, source } = fakeSource();
    const subscription = new KurrentDbSubscription(
      () => source,
      undefined,
      () => undefined,
    );
    stream.write(resolved(1n));
    for await (const event of subscription) {
      expect(event.position).toBe(1n);
      break;
    }
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('never opens the client subscription when closed before iteration, or for an empty filter', async () => {
    const open = jest.fn(() => null);
    const early = new KurrentDbSubscription(open, undefined, () => undefined);
    await early.close();
    for await (const _ of early) throw new Error('nothing expected');
    expect(open).not.toHaveBeenCalled();

    const empty = new KurrentDbSubscription(open, undefined, () => undefined);
    const loop = (async () => {
      for await (const _ of empty) throw new Error('nothing expected');
    })();
    // Iteration has begun: the open found nothing to subscribe to, and the loop waits for close.
    await waitUntil(() => open.mock.calls.length === 1, { intervalMs: 5 });
    await empty.close();
    await loop;
    expect(open).toHaveBeenCalledTimes(1);
  });
});

describe('KurrentDbEventStore without a server', () => {
  // Port 1: nothing listens there; these calls must not need the network at all.
  const store = createKurrentDbEventStore('kurrentdb://127.0.0.1:1?tls=false');
  afterAll(() => store.close());

  it('refuses an empty append before contacting the server', async () => {
    await expect(store.appendToStream('case-1', [], { expectedVersion: 'any' })).rejects.toBeInstanceOf(InvalidAppend);
  });

  it('answers a read whose filter matches nothing with no events', async () => {
    expect(await store.readAll({ filter: { eventTypes: [] } })).toEqual([]);
  });

  it('fails ping when the server is unreachable', async () => {
    await expect(store.ping()).rejects.toBeDefined();
  });
});

/**
 * Just enough of the KurrentDB client for appends and stream reads: streams in memory, revisions
 * and positions counted up, the expected state checked, and a hook that lets another writer slip
 * in between the adapter's read of the head and its append.
 */
class FakeKurrentDb {
  readonly streams = new Map<string, RecordedEvent[]>();
  private position = 0n;
  beforeAppend?: (streamId: string) => void;

  async *readStream(streamId: string, options: { direction: string; fromRevision?: bigint | string; maxCount?: number }) {
    const events = this.streams.get(streamId);
    if (!events) throw new StreamNotFoundError(undefined, streamId);
    const from = options.direction !== BACKWARDS && typeof options.fromRevision === 'bigint' ? Number(options.fromRevision) : 0;
    const ordered = options.direction === BACKWARDS ? [...events].reverse() : events.slice(from);
    for (const event of ordered.slice(0, options.maxCount ?? Infinity)) yield { event, commitPosition: event.position!.commit };
  }

  async appendToStream(streamId: string, events: EventData[], options: { streamState: AppendStreamState }) {
    const hook = this.beforeAppend;
    this.beforeAppend = undefined;
    hook?.(streamId);
    const stored = this.streams.get(streamId) ?? [];
    const current = stored.length === 0 ? 'no_stream' : BigInt(stored.length - 1);
    if (options.streamState !== ANY && options.streamState !== current) {
      throw new WrongExpectedVersionError(undefined, { current, expected: options.streamState as never, streamName: streamId });
    }
    this.streams.set(streamId, stored);
    for (const event of events) {
      this.position += 10n;
      stored.push({
        streamId,
        id: event.id,
        isJson: true,
        revision: BigInt(stored.length),
        type: event.type,
        created: new Date(),
        data: event.data,
        metadata: event.metadata,
        position: { commit: this.position, prepare: this.position },
      } as RecordedEvent);
    }
    return { success: true, nextExpectedRevision: BigInt(stored.length - 1), position: { commit: this.position, prepare: this.position } };
  }

  /** Another writer's event, appended behind the adapter's back (optionally from before the chain). */
  sneakIn(streamId: string, options: { chained: boolean }): void {
    const stored = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stored);
    this.position += 10n;
    const last = stored.at(-1);
    const head = { version: stored.length, hash: last ? ((last.metadata as { hash?: string }).hash ?? null) : null };
    const event: NewEvent = { eventId: randomUUID(), type: 'Other', schemaVersion: 1, data: { other: true }, metadata };
    const [link] = chainEvents(streamId, [event], head, new Date().toISOString());
    const data = toEventData(link);
    stored.push({
      streamId,
      id: event.eventId,
      isJson: true,
      revision: BigInt(stored.length),
      type: event.type,
      created: new Date(),
      data: event.data,
      metadata: options.chained ? data.metadata : { ...metadata, schemaVersion: 1 },
      position: { commit: this.position, prepare: this.position },
    } as RecordedEvent);
  }
}

describe('KurrentDbEventStore chaining (over a fake client)', () => {
  const event = (data: unknown = { title: '审批繁琐' }): NewEvent => ({
    eventId: randomUUID(),
    type: 'ComplaintFiled',
    schemaVersion: 1,
    data,
    metadata,
  });
  let fake: FakeKurrentDb;
  let store: KurrentDbEventStore;
  beforeEach(() => {
    fake = new FakeKurrentDb();
    store = new KurrentDbEventStore(fake as unknown as KurrentDBClient);
  });

  const expectChained = (events: EventEnvelope[], firstPrevious: string | null = null) => {
    events.forEach((e, i) => expect(e.hash).toBe(eventHash(e, i === 0 ? firstPrevious : events[i - 1].hash!)));
  };

  it('chains each append to the head it read, and reads the chain back with the metadata as written', async () => {
    await store.appendToStream('case-1', [event(), event({ n: 1.5, 中: ['文'] })], { expectedVersion: 'no_stream' });
    await store.appendToStream('case-1', [event()], { expectedVersion: 2 });
    const read = await store.readStream('case-1');
    expect(read.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    expectChained(read);
    expect(read[0].metadata).toEqual(metadata);
  });

  it('appends expecting exactly the head it chained to, and chains again when another writer got there first (any)', async () => {
    await store.appendToStream('case-2', [event()], { expectedVersion: 'any' });
    fake.beforeAppend = (streamId) => fake.sneakIn(streamId, { chained: true });
    const result = await store.appendToStream('case-2', [event()], { expectedVersion: 'any' });
    expect(result.nextVersion).toBe(3);
    const read = await store.readStream('case-2');
    expect(read.map((e) => e.type)).toEqual(['ComplaintFiled', 'Other', 'ComplaintFiled']);
    expectChained(read);
  });

  it('with a number expected version, another writer in between is a WrongExpectedVersion, as before', async () => {
    await store.appendToStream('case-3', [event()], { expectedVersion: 'no_stream' });
    fake.beforeAppend = (streamId) => fake.sneakIn(streamId, { chained: true });
    await expect(store.appendToStream('case-3', [event()], { expectedVersion: 1 })).rejects.toMatchObject({
      name: 'WrongExpectedVersion',
      expected: 1,
      actual: 2,
    });
    expect(await store.readStream('case-3')).toHaveLength(2);
  });

  it('decidedOn: reads the last event of each stream named before appending; one moved is StreamMoved, nothing appended', async () => {
    await store.appendToStream('unit-a', [event(), event()], { expectedVersion: 'no_stream' });
    const decidedOn = [
      { streamId: 'unit-a', version: 2 },
      { streamId: 'config-calendar', version: 0 },
    ];
    expect(await store.appendToStream('case-5', [event()], { expectedVersion: 'no_stream', decidedOn })).toMatchObject({ nextVersion: 1 });
    await store.appendToStream('unit-a', [event()], { expectedVersion: 2 });
    await expect(store.appendToStream('case-5', [event()], { expectedVersion: 1, decidedOn })).rejects.toMatchObject({
      constructor: StreamMoved,
      streamId: 'unit-a',
      expected: 2,
      actual: 3,
    });
    expect(await store.readStream('case-5')).toHaveLength(1);
  });

  it('starts the chain afresh (previous hash null) after events written before the chain existed', async () => {
    fake.sneakIn('case-4', { chained: false });
    await store.appendToStream('case-4', [event(), event()], { expectedVersion: 1 });
    const [legacy, ...chained] = await store.readStream('case-4');
    expect(legacy.hash).toBeUndefined();
    expectChained(chained, null);
  });

  it('reads events by their place in their streams, in the order asked, at most 16 stream reads at a time', async () => {
    await store.appendToStream('case-6', [event(), event(), event()], { expectedVersion: 'no_stream' });
    await store.appendToStream('case-7', [event()], { expectedVersion: 'no_stream' });
    const [inA, inB] = [await store.readStream('case-6'), await store.readStream('case-7')];
    const asked = [
      { streamId: 'case-7', version: 1 },
      { streamId: 'case-6', version: 3 },
      { streamId: 'case-6', version: 4 },
      { streamId: 'case-8', version: 1 },
      { streamId: 'case-6', version: 0 },
      { streamId: 'case-6', version: 1 },
    ];
    expect(await store.readEvents(asked)).toEqual([inB[0], inA[2], inA[0]]);

    let inFlight = 0;
    let most = 0;
    const read = fake.readStream.bind(fake);
    fake.readStream = async function* (...args: Parameters<typeof read>) {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      try {
        yield* read(...args);
      } finally {
        inFlight--;
      }
    };
    const many = await store.readEvents(Array.from({ length: 40 }, (_, i) => ({ streamId: 'case-6', version: (i % 3) + 1 })));
    expect(many.map((e) => e.streamVersion)).toEqual(Array.from({ length: 40 }, (_, i) => (i % 3) + 1));
    expect(most).toBe(16);
  });
});
