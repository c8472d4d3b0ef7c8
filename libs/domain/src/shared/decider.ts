import type { DomainError } from './domain-error';

/** What `decide` returns: the events that record the decision, or the rule it would break. */
export type Decision<Event> = readonly Event[] | DomainError;

/**
 * An aggregate as pure functions (the decider pattern): `decide` never mutates or performs I/O,
 * `evolve` folds one event into the state, and the state of a stream is its events folded from
 * `initialState`.
 */
export interface Decider<Command, Event, State> {
  initialState(): State;
  decide(command: Command, state: State): Decision<Event>;
  evolve(state: State, event: Event): State;
}

/** The state after `events`, folded in order from the decider's initial state. */
export function replay<Command, Event, State>(decider: Decider<Command, Event, State>, events: Iterable<Event>): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/**
 * A decider whose events are written to a stream: it also names each event type's schema version
 * (the event store records it, upcasters key on it).
 */
export interface StreamDeciderShape<Command, Event extends { type: string }, State> extends Decider<Command, Event, State> {
  schemaVersion(type: Event['type']): number;
}
