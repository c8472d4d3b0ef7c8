import { randomUUID } from 'node:crypto';
import type { StreamDeciderShape } from '@app/domain';
import type { AggregateCache, CachedAggregate } from './aggregate-cache';
import { StreamMoved, WrongExpectedVersion } from './errors';
import type {
  AppendOptions,
  AppendResult,
  EventEnvelope,
  EventMetadata,
  EventStore,
  LogRead,
  NewEvent,
  StreamVersion,
} from './event-store';

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
  /**
   * The version the caller saw (If-Match); any other version throws WrongExpectedVersion, before
   * deciding; but on a stream that does not exist, the decider's refusal there (its "not found") comes first.
   */
  expectedVersion?: number;
  /**
   * Refusals that answer the command whatever version the caller saw: the thing the command names
   * inside the stream (a finding's measure, a unit's deduction) is absent from it as it stands, and
   * a stream never loses what it held, so it was absent at the caller's version too. Decided on the
   * stream as it stands, such a refusal comes before WrongExpectedVersion, as RFC 9110 §13.2.1 puts
   * the target's 404 before a failed precondition.
   */
  refusedWhateverVersion?: (refusal: Error) => boolean;
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
   * States this process holds (aggregate-cache.ts): the command is decided on the state held, and
   * the append at the held version confirms it (decideOnHeld); the state after the append is held
   * for the next command. Not used when `eventIdFor` is given: finding an earlier attempt needs the
   * whole stream.
   */
  cache?: AggregateCache;
  /**
   * The other streams the command was completed from (configuration held in memory), as their
   * versions once the command is complete: the append commits only if they are still there
   * (AppendOptions.decidedOn), else StreamMoved and nothing is written. A decision of no events
   * appends nothing, so nothing confirms them: the caller checks that case itself.
   */
  decidedOn?: () => readonly StreamVersion[];
  /** What the command read of the global log (AppendOptions.decidedOnLog): the append commits only if it still holds. */
  decidedOnLog?: LogRead;
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
 * Load → decide → append with the loaded version as expected version (with `cache`, a state held is
 * decided on first, without the load: decideOnHeld). A broken rule throws the
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
  const held = cache && !options.eventIdFor && !options.newStream ? cache.get(streamId, decider) : null;
  if (held && (options.expectedVersion === undefined || options.expectedVersion === held.version)) {
    const decided = await command;
    const onHeld = await decideOnHeld(store, streamId, decider, decided, held, options);
    if (onHeld) return onHeld;
    command = decided;
  }
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
    throw (
      refusedWithoutStream(decider, decided, loaded, options.refusedWhateverVersion) ??
      new WrongExpectedVersion(streamId, options.expectedVersion, loaded.version)
    );
  }
  const decision = decider.decide(decided, loaded.state);
  if (decision instanceof Error) throw decision;
  if (decision.length === 0) {
    cache?.set(streamId, { decider, state: loaded.state, version: loaded.version, position: loaded.position });
    return { events: [], version: loaded.version, position: loaded.position, replayed: false };
  }
  // An append that fails may still have committed (the answer lost on the way): the state is read again next time.
  cache?.forget(streamId);
  let result: AppendResult;
  try {
    result = await appendDecided(store, streamId, decider, decision, loaded.version, options);
  } catch (error) {
    // Refused before anything was written: the state read is still the stream's, for the command's next try.
    if (cache && error instanceof StreamMoved && !cache.get(streamId, decider)) {
      cache.set(streamId, { decider, state: loaded.state, version: loaded.version, position: loaded.position });
    }
    throw error;
  }
  if (cache) hold(cache, streamId, decider, decision, loaded.state, loaded.version, result);
  return { events: [...decision], version: result.nextVersion, position: result.position, replayed: false };
}

/**
 * The decider's refusal of a command on a stream that does not exist (CASE_NOT_FOUND,
 * UNIT_NOT_FOUND, …), or of one `whateverVersion` says the version does not change (a measure the
 * finding never had), or null. A version expected there is compared with nothing: the thing the
 * command names is absent, and that answer (a 404) comes before a failed precondition (RFC 9110
 * §13.2.1), as the command gets it without If-Match. A command that may create the stream is still
 * WrongExpectedVersion: the caller saw a version that is not there.
 */
function refusedWithoutStream<C, E extends DomainEvent, S>(
  decider: StreamDecider<C, E, S>,
  command: C,
  loaded: LoadedAggregate<S>,
  whateverVersion?: (refusal: Error) => boolean,
): Error | null {
  if (loaded.version !== 0 && !whateverVersion) return null;
  const decision = decider.decide(command, loaded.state);
  if (!(decision instanceof Error)) return null;
  return loaded.version === 0 || whateverVersion?.(decision) ? decision : null;
}

/**
 * The command decided on the state this process holds, without reading the stream: the append at
 * the held version is what confirms that state is still the stream's. Null when the held state
 * cannot answer on its own, and the caller reads the tail and decides again, as without a cache:
 * - the append is refused with WrongExpectedVersion (another writer appended since; nothing was
 *   committed, so the held state stays, and the tail read starts from it; StreamMoved, a stream the
 *   command was completed from having moved, keeps it too and goes to the caller);
 * - the decision is a refusal or no events: on a state that may be stale either could be wrong, and
 *   neither is confirmed by an append.
 * So every answer is still the log's: an append the version check let through, or a decision made
 * after reading the tail. Another error of the append (an answer lost after the commit) leaves
 * nothing held, as below.
 */
async function decideOnHeld<C, E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: StreamDecider<C, E, S>,
  command: C,
  held: CachedAggregate,
  options: DecideOptions,
): Promise<DecideResult<E> | null> {
  const cache = options.cache!;
  const decision = decider.decide(command, held.state as S);
  if (decision instanceof Error || decision.length === 0) return null;
  cache.forget(streamId);
  let result: AppendResult;
  try {
    result = await appendDecided(store, streamId, decider, decision, held.version, options);
  } catch (error) {
    if (!(error instanceof WrongExpectedVersion || error instanceof StreamMoved)) throw error;
    // Nothing was written, so the state held stays; unless a command of this process held a newer
    // state meanwhile (it won the race this one lost).
    if (!cache.get(streamId, decider)) cache.set(streamId, held);
    // A stream the command was completed from moved: the caller completes it again, not this.
    if (error instanceof StreamMoved) throw error;
    return null;
  }
  hold(cache, streamId, decider, decision, held.state as S, held.version, result);
  return { events: [...decision], version: result.nextVersion, position: result.position, replayed: false };
}

/** Holds the state after an append of `decision` on `state` (at `version`), if the append wrote exactly those events. */
function hold<C, E extends DomainEvent, S>(
  cache: AggregateCache,
  streamId: string,
  decider: StreamDecider<C, E, S>,
  decision: readonly E[],
  state: S,
  version: number,
  result: AppendResult,
): void {
  if (result.nextVersion !== version + decision.length) return;
  const after = decision.reduce((folded, event) => decider.evolve(folded, event), state);
  cache.set(streamId, { decider, state: after, version: result.nextVersion, position: result.position });
}

/** The decided events appended expecting the stream at `version`, with the caller's rows and the streams it decided on. */
function appendDecided<C, E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: StreamDecider<C, E, S>,
  decision: readonly E[],
  version: number,
  options: DecideOptions,
): Promise<AppendResult> {
  return store.appendToStream(streamId, newEvents(decider, decision, options), {
    expectedVersion: version === 0 ? 'no_stream' : version,
    alongside: options.alongside,
    alongsideStatement: options.alongsideStatement,
    decidedOn: options.decidedOn?.(),
    decidedOnLog: options.decidedOnLog,
  });
}

/** The decided events as the store takes them: ids (random unless the caller makes them), schema versions, metadata. */
function newEvents<C, E extends DomainEvent, S>(
  decider: StreamDecider<C, E, S>,
  decision: readonly E[],
  options: DecideOptions,
): NewEvent[] {
  const eventIdFor = options.eventIdFor ?? (() => randomUUID());
  return decision.map((event, index) => ({
    eventId: eventIdFor(index),
    type: event.type,
    schemaVersion: decider.schemaVersion(event.type),
    data: event.data,
    metadata: options.metadata,
  }));
}

/**
 * The stream's state from the one held (AggregateCache), brought up to date with the events
 * appended since: the store is asked for them, so the answer is the log's, not the cache's.
 * `envelopes` holds only those events. Without a held state: the whole stream.
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
 * commands that do not depend on the stream version the caller saw (publications, whose If-Match
 * names a revision their decider checks on each attempt; the scheduler, seeding, a caller's command
 * without If-Match). After `attempts` conflicts the WrongExpectedVersion
 * propagates. `command` may be a promise, completed while the stream is first read.
 */
export async function decideAndAppendRetrying<C, E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: StreamDecider<C, E, S>,
  command: C | PromiseLike<C>,
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
