/**
 * The members of the HTTP problem body (RFC 9457's and the API's own; all but `field`, the one a rule
 * fills) that a rule's details may not use: the API writes its own over them, so such a detail would be lost unseen (a measure's `status`
 * once was). Name the thing instead: `measureStatus`, `caseStatus`.
 */
export const PROBLEM_MEMBERS = [
  'type',
  'title',
  'status',
  'code',
  'detail',
  'instance',
  'errors',
  'errorsOmitted',
  'retryAfterSeconds',
  'currentVersion',
] as const;

/** What a rule says it is about (unitId, date, field, …), in any member but the problem's own. */
export type DomainErrorDetails = Readonly<Record<string, unknown>> & { readonly [Member in (typeof PROBLEM_MEMBERS)[number]]?: never };

/**
 * A broken business rule. `code` is stable (clients and the HTTP layer rely on it, e.g.
 * `CASE_NOT_DISPATCHED`); `message` is for people and may change.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    // A broken rule is a value, not a fault: deciders return it, and a case's page decides every
    // action on the state to list the open ones (dozens of refusals a page). The stack V8 would
    // capture costs about 3 µs each and says nothing the code does not, so none is taken.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'DomainError';
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

/**
 * What `decide` decided, or the DomainError a look-up on the way threw (the working calendar and the
 * time limits throw theirs, e.g. CALENDAR_YEAR_MISSING): a decider returns a broken rule, never throws it.
 */
export function returningDomainErrors<Result>(decide: () => Result): Result | DomainError {
  try {
    return decide();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}
