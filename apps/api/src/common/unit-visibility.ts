import type { DomainError } from '@app/domain';
import {
  loadAggregate,
  WrongExpectedVersion,
  type DomainEvent,
  type EventStore,
  type LoadedAggregate,
  type StreamDecider,
} from '@app/event-store';
import type { CommandSender } from './command-sender';
import { unitScopeOf } from './unit-scope';

/**
 * What a unit may know of a stream's aggregate: null when it may, else the very error an unknown id
 * gets (CASE_NOT_FOUND, FINDING_NOT_FOUND), so a unit cannot tell another unit's case or finding
 * from none (docs/rules.md#who-sees-what).
 */
export type KnownTo<State> = (state: State, unitId: string) => DomainError | null;

/**
 * If-Match is compared before the decider runs, so a unit's If-Match on an aggregate it may not know
 * would answer 412 with its version: proof that it exists. Its absence comes first (a 404 outranks a
 * failed precondition, RFC 9110 §13.2.1), as the decider decides for the unit's commands without
 * If-Match. Any other error, or a caller not confined to a unit, is `error` itself.
 */
export async function unlessHidden<C, E extends DomainEvent, S>(
  error: unknown,
  { store, streamId, decider, knownTo }: { store: EventStore; streamId: string; decider: StreamDecider<C, E, S>; knownTo: KnownTo<S> },
  sender: CommandSender,
): Promise<unknown> {
  const unitId = unitScopeOf(sender.caller);
  if (!(error instanceof WrongExpectedVersion) || unitId === null) return error;
  const { state } = await loadAggregate(store, streamId, decider);
  return knownTo(state, unitId) ?? error;
}

/**
 * The decider as a caller confined to `unitScope` meets it: an aggregate the unit may not know is
 * refused before any rule of its own is asked (null scope: the decider unchanged).
 */
export function visibleTo<C, E extends DomainEvent, S>(
  decider: StreamDecider<C, E, S>,
  knownTo: KnownTo<S>,
  unitScope: string | null,
): StreamDecider<C, E, S> {
  if (unitScope === null) return decider;
  return { ...decider, decide: (command, state) => knownTo(state, unitScope) ?? decider.decide(command, state) };
}

/** The aggregate read for a caller: `notFound` when there is none, or the unit may not know it. */
export async function loadVisible<C, E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: StreamDecider<C, E, S>,
  { knownTo, unitScope, notFound }: { knownTo: KnownTo<S>; unitScope: string | null; notFound: () => DomainError },
): Promise<LoadedAggregate<S>> {
  const loaded = await loadAggregate(store, streamId, decider);
  if (loaded.version === 0) throw notFound();
  const hidden = unitScope === null ? null : knownTo(loaded.state, unitScope);
  if (hidden) throw hidden;
  return loaded;
}
