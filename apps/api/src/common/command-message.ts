import { eventMetadata, type Actor, type DecideOptions, type DecideResult } from '@app/event-store';
import type { CommandConditions } from './command-conditions';
import { eventIdsFor } from './idempotency/idempotent-ids';

/**
 * A domain command as a caller sends it on the CommandBus: without `at` (the handler reads the
 * clock) and without the fields its handler adds (`Added`: the rules in force, ids it assigns).
 * Distributes over a union, so each command keeps its own fields.
 */
export type CallerCommand<C, Added extends PropertyKey = never> = C extends unknown ? Omit<C, 'at' | Added> : never;

/**
 * How a caller's command is appended (the options of decideAndAppend): the caller and `at` in every
 * event's metadata, If-Match as the version expected (anything else: WrongExpectedVersion, before
 * deciding), and with an Idempotency-Key event ids that are the same on every retry.
 */
export function asCaller(caller: Actor, at: string, conditions: CommandConditions): DecideOptions {
  return {
    metadata: eventMetadata(caller, at),
    expectedVersion: conditions.expectedVersion,
    eventIdFor: eventIdsFor(caller, conditions.idempotencyKey),
  };
}

/** What a command on one stream answers: the stream's new version and the global position of its last event. */
export interface CommandResult {
  version: number;
  /** A decimal string: positions exceed 2^53. Null only when nothing was ever appended. */
  position: string | null;
}

export function commandResult({ version, position }: Pick<DecideResult<unknown>, 'version' | 'position'>): CommandResult {
  return { version, position: position?.toString() ?? null };
}
