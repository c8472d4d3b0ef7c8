import { PassThrough } from 'node:stream';
import { randomUUID } from 'node:crypto';
import {
  ANY,
  EVENT_TYPE,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  STREAM_NAME,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type RecordedEvent,
} from '@kurrent/kurrentdb-client';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { InvalidAppend } from '../errors';
import type { EventEnvelope, NewEvent } from '../event-store';
import { createKurrentDbEventStore } from './kurrentdb-event-store';
import {
  actualVersionFromState,
  classifyStoredIds,
  escapeRegex,
  eventTypesRegex,
  isSystemEvent,
  revisionToVersion,
  startAfter,
  toClientFilter,
  toEnvelope,
  toEventData,
  toStreamState,
  type StoredEventRef,
} from './kurrentdb-mapping';
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

  it('stores a new event as JSON with schemaVersion in the metadata', () => {
    const event: NewEvent = { eventId: randomUUID(), type: 'ComplaintFiled', schemaVersion: 2, data: { a: 1 }, metadata };
    expect(toEventData(event)).toEqual({
      id: event.eventId,
      contentType: 'application/json',
      type: 'ComplaintFiled',
      data: { a: 1 },
      metadata: { ...metadata, schemaVersion: 2 },
    });
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
    await new Promise((resolve) => setTimeout(resolve, 20));

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
    await new Promise((resolve) => setTimeout(resolve, 10));
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
