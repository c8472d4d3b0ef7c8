/**
 * A broken business rule. `code` is stable (clients and the HTTP layer rely on it, e.g.
 * `CASE_NOT_DISPATCHED`); `message` is for people and may change.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
