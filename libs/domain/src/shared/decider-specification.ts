// Type-only: at run time `expect` is jest's global; libs/domain imports no test framework code.
import type { expect as JestExpect } from '@jest/globals';
import { replay, type Decider, type Decision } from './decider';
import { DomainError, isDomainError } from './domain-error';

declare const expect: typeof JestExpect;

/** A decision as jest compares it: the events, or the broken rule as plain data. */
const shown = <Event>(decision: Decision<Event>) =>
  isDomainError(decision) ? { error: decision.code, message: decision.message, details: decision.details } : decision;

/**
 * Specification tests for a decider, after Emmett's DeciderSpecification:
 * `DeciderSpecification.for(decider).given(history).when(command).then(events)`, or
 * `.thenNothing()` (decided, nothing recorded) or `.thenError(code, details?)` (a broken rule).
 */
export const DeciderSpecification = {
  for: <Command, Event, State>(decider: Decider<Command, Event, State>) => ({
    given: (history: readonly Event[]) => ({
      when: (command: Command) => {
        const decide = (): Decision<Event> => decider.decide(command, replay(decider, history));
        return {
          then(expected: readonly Event[]): void {
            expect(shown(decide())).toEqual(expected);
          },
          thenNothing(): void {
            expect(shown(decide())).toEqual([]);
          },
          /** `details`, when given, must be contained in the error's details. */
          thenError(code: string, details?: Readonly<Record<string, unknown>>): void {
            const decision = shown(decide());
            expect(decision).toMatchObject(details ? { error: code, details } : { error: code });
          },
        };
      },
    }),
  }),
};

/**
 * `given(history).when(command)`: the decision itself, for specs that compare it whole with `toEqual`
 * (the publication specs); `DeciderSpecification` asserts for you instead.
 */
export const givenFor =
  <Command, Event, State>(decider: Decider<Command, Event, State>) =>
  (history: readonly Event[]) => ({
    when: (command: Command): Decision<Event> => decider.decide(command, replay(decider, history)),
  });

/** A decision as those specs compare it: the broken rule's code and details, or 'accepted'. */
export function refusal(decision: unknown): { code: string; details: Record<string, unknown> } | 'accepted' {
  return decision instanceof DomainError ? { code: decision.code, details: { ...decision.details } } : 'accepted';
}

/**
 * The code of the DomainError `attempt` throws (the working calendar and the due-date rules throw
 * theirs, e.g. CALENDAR_YEAR_MISSING), 'not a DomainError' for anything else, undefined if it returns.
 */
export function thrownCode(attempt: () => unknown): string | undefined {
  try {
    attempt();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return undefined;
}
