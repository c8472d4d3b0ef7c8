/**
 * Errors a reader meets that the caller must hear about, as plain classes: the HTTP app turns them
 * into problem details (apps/api/src/common/problem-details.filter.ts), the projections know no HTTP.
 */

/**
 * The read model cannot answer yet: the projector has not built it (first start, or the API running
 * without a projector), is building the version this code reads (an upgrade: the live generation
 * lacks a column), or has not reached the position a read-your-writes query waits for.
 */
export class ReadModelNotReady extends Error {
  /** A read model catches up within moments: ask again after this long (a minute when its build is refused). */
  readonly retryAfterSeconds: number;

  constructor(
    readonly projection: string,
    why: 'is not built yet' | 'is being built at its new version' | 'has not reached that position yet',
    /** Why the projector will not build it (build-refusals.ts): it is not a matter of moments then. */
    refusal?: string,
  ) {
    super(
      refusal === undefined
        ? `The ${projection} read model ${why}; retry shortly`
        : `The ${projection} read model is not built: the projector will not build it while ${refusal}; an administrator must look (GET /api/v1/health/details)`,
    );
    this.retryAfterSeconds = refusal === undefined ? 1 : 60;
    this.name = 'ReadModelNotReady';
  }
}

/** A `cursor` that is not one this list handed out: a client must only send back what it was given. */
export class InvalidCursor extends Error {
  readonly field = 'cursor';

  constructor(message = 'cursor must be a nextCursor returned by this list') {
    super(message);
    this.name = 'InvalidCursor';
  }
}
