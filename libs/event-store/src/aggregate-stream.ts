import { randomUUID } from 'node:crypto';
import type { StreamDeciderShape } from '@app/domain';
import type { AggregateCache } from './aggregate-cache';
import { WrongExpectedVersion } from './errors';
import type { AppendOptions, EventEnvelope, EventMetadata, EventStore } from './event-store';

/** A domain event as deciders see it: a type and its data. */
export interface DomainEvent {
  type: string;
  data: unknown;
}

/** A decider whose events can be written to a stream: it names each event type's schema version. */
export type StreamDecider<Command, Event extends DomainEvent, State> = StreamDeciderShape<Command, Event, State>;

/** An aggregate as read from its stream. */
export interface LoadedAggregate<State> {
  state: State;
  /** Stream version (0 = no stream). */
  version: number;
  /** Global position of the stream's last event (null = no stream). */
  position: bigint | null;
  envelopes: EventEnvelope[];
}

export interface DecideOptions {
  metadata: EventMetadata;
  /** The version the caller saw (If-Match); any other version throws WrongExpectedVersion, before deciding. */
  expectedVersion?: number;
  /**
   * Ids for the events decided, by index. Make them deterministic (from an Idempotency-Key or a
   * deadline id) and a retry whose first attempt already appended returns that attempt's result.
   */
  eventIdFor?: (index: number) => string;
  /** Rows of the caller's committed with the events or not at all (see AppendOptions.alongside). */
  alongside?: AppendOptions['alongside'];
  /** The same rows as one statement, for a store that runs it in the append's round trip (see AppendOptions.alongsideStatement). */
  alongsideStatement?: AppendOptions['alongsideStatement'];
  /**
   * The caller has just made the stream's id (a random uuid), so there is nothing to read: decide on
   * the initial state and append expecting no stream, a round trip saved. Not with ids a retry can
   * repeat (an Idempotency-Key): that retry must find its earlier attempt by reading the stream.
   */
  newStream?: boolean;
  /**
   * States this process holds (aggregate-cache.ts): the stream is read from the version held on and
   * only its tail folded; the state after the append is held for the next command. Not used for the
   * load when `eventIdFor` is given: finding an earlier attempt needs the whole stream.
   */
  cache?: AggregateCache;
}

export interface DecideResult<Event> {
  /** The events this call appended (or, on a retry, that the first attempt appended). */
  events: Event[];
  version: number;
  position: bigint | null;
  /** True when the events were already in the stream from an earlier attempt with the same ids. */
  replayed: boolean;
}

/** Reads a stream and folds it into the decider's state. */
export async function loadAggregate<C, E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: StreamDecider<C, E, S>,
): Promise<LoadedAggregate<S>> {
  const envelopes = await store.readStream(streamId);
  let state = decider.initialState();
  for (const envelope of envelopes) state = decider.evolve(state, toDomainEvent<E>(envelope));
  const last = envelopes.at(-1);
  return { state, version: last?.streamVersion ?? 0, position: last?.position ?? null, envelopes };
}

/**
 * Load → decide → append with the loaded version as expected version. A broken rule throws the
 * decider's DomainError; a concurrent writer makes the append throw WrongExpectedVersion. Nothing
 * is appended in either case. A decision of no events appends nothing and returns the current version.
 *
 * `command` may be a promise: the caller's own look-ups for it (units, deadline rules) then run while
 * the stream is read, both in one round trip's time; if it rejects, that is the error.
 */
export async function decideAndAppend<C, E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: StreamDecider<C, E, S>,
  command: C | PromiseLike<C>,
  options: DecideOptions,
): Promise<DecideResult<E>> {
  const { cache } = options;
  const [loaded, decided] = await Promise.all([
    options.newStream
      ? newAggregate(decider)
      : cache && !options.eventIdFor
        ? loadHeldAggregate(store, streamId, decider, cache)
        : loadAggregate(store, streamId, decider),
    command,
  ]);
  const earlier = options.eventIdFor && findEarlierAttempt(loaded.envelopes, options.eventIdFor);
  if (earlier) return earlier as DecideResult<E>;
  if (options.expectedVersion !== undefined && options.expectedVersion !== loaded.version) {
    throw new WrongExpectedVersion(streamId, options.expectedVersion, loaded.version);
  }
  const decision = decider.decide(decided, loaded.state);
  if (decision instanceof Error) throw decision;
  if (decision.length === 0) {
    cache?.set(streamId, { decider, state: loaded.state, version: loaded.version, position: loaded.position });
    return { events: [], version: loaded.version, position: loaded.position, replayed: false };
  }
  const eventIdFor = options.eventIdFor ?? (() => randomUUID());
  // An append that fails may still have committed (the answer lost on the way): the state is read again next time.
  cache?.forget(streamId);
  const result = await store.appendToStream(
    streamId,
    decision.map((event, index) => ({
      eventId: eventIdFor(index),
      type: event.type,
      schemaVersion: decider.schemaVersion(event.type),
      data: event.data,
      metadata: options.metadata,
    })),
    {
      expectedVersion: loaded.version === 0 ? 'no_stream' : loaded.version,
      alongside: options.alongside,
      alongsideStatement: options.alongsideStatement,
    },
  );
  if (cache && result.nextVersion === loaded.version + decision.length) {
    const state = decision.reduce((folded, event) => decider.evolve(folded, event), loaded.state);
    cache.set(streamId, { decider, state, version: result.nextVersion, position: result.position });
  }
  return { events: [...decision], version: result.nextVersion, position: result.position, replayed: false };
}

/**
 * The stream's state from the one held (AggregateCache), brought up to date with the events
 * appended since: the store is asked for them every time, so the answer is the log's, not the
 * cache's. `envelopes` holds only those events. Without a held state: the whole stream.
 */
async function loadHeldAggregate<C, E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: StreamDecider<C, E, S>,
  cache: AggregateCache,
): Promise<LoadedAggregate<S>> {
  const held = cache.get(streamId, decider);
  if (!held) return loadAggregate(store, streamId, decider);
  const envelopes = await store.readStream(streamId, { fromVersion: held.version + 1 });
  let state = held.state as S;
  for (const envelope of envelopes) state = decider.evolve(state, toDomainEvent<E>(envelope));
  const last = envelopes.at(-1);
  return { state, version: last?.streamVersion ?? held.version, position: last?.position ?? held.position, envelopes };
}

/** An aggregate whose stream does not exist yet. */
function newAggregate<C, E extends DomainEvent, S>(decider: StreamDecider<C, E, S>): LoadedAggregate<S> {
  return { state: decider.initialState(), version: 0, position: null, envelopes: [] };
}

export function toDomainEvent<E extends DomainEvent>(envelope: EventEnvelope): E {
  return { type: envelope.type, data: envelope.data } as E;
}

function findEarlierAttempt(envelopes: EventEnvelope[], eventIdFor: (index: number) => string): DecideResult<DomainEvent> | null {
  const first = envelopes.findIndex((e) => e.eventId === eventIdFor(0));
  if (first < 0) return null;
  const batch = [envelopes[first]];
  for (let i = 1; envelopes[first + i]?.eventId === eventIdFor(i); i++) batch.push(envelopes[first + i]);
  const last = batch[batch.length - 1];
  return { events: batch.map((e) => toDomainEvent(e)), version: last.streamVersion, position: last.position, replayed: true };
}

/**
 * decideAndAppend, deciding again on the new state when another writer appended in between — for
 * commands that do not depend on the version the caller saw (publications, the scheduler, seeding).
 * After `attempts` conflicts the WrongExpectedVersion propagates.
 */
export async function decideAndAppendRetrying<C, E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: StreamDecider<C, E, S>,
  command: C,
  options: Omit<DecideOptions, 'expectedVersion' | 'newStream'>,
  attempts = 3,
): Promise<DecideResult<E>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await decideAndAppend(store, streamId, decider, command, options);
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion) || attempt >= attempts) throw error;
    }
  }
}
