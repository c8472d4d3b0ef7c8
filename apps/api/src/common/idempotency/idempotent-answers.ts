import { BadRequestException, ConflictException, Injectable, SetMetadata, UnprocessableEntityException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { readRequestContext } from '../request-context';
import { IdempotencyStore, type StoredResponse } from './idempotency.store';

const KEY = /^[\x21-\x7e]{1,200}$/;
/** Response headers a replay repeats. */
const REPLAYED_HEADERS = ['location', 'etag'];

export const RETURNED_ONCE = 'idempotencyReturnedOnce';

/**
 * Response fields a route answers only to the request that made them (a secret, such as a query
 * code): the idempotency record stores them as null, so a replay answers null and nothing keeps them.
 */
export const ReturnedOnce = (...fields: string[]) => SetMetadata(RETURNED_ONCE, fields);

/** The Idempotency-Key of a request, validated (undefined without the header). */
export function idempotencyKeyOf(request: Request): string | undefined {
  const key = request.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!KEY.test(key)) {
    const message = 'Idempotency-Key must be 1–200 visible ASCII characters';
    throw new BadRequestException({ code: 'INVALID_IDEMPOTENCY_KEY', message, errors: [{ field: 'Idempotency-Key', message }] });
  }
  return key;
}

/**
 * Thrown before the handler when the key's first request has answered: ProblemDetailsFilter sends
 * `answer` again, with `Idempotent-Replayed: true`, and nothing runs.
 */
export class ReplayedAnswer {
  constructor(readonly answer: StoredResponse) {}
}

/** What a request that claimed its key does with its answer: keep it, or give the key back. */
export interface KeptAnswer {
  /** Stores the answer about to be sent (its status, body and replayed headers as set now). */
  keep(response: Response, body: unknown): Promise<void>;
  /** The command failed: the key is forgotten, so a retry runs it again. */
  release(): Promise<void>;
}

/** The requests holding a claim, for the exception filter to release it (releaseClaimOf). */
const claimed = new WeakMap<Request, KeptAnswer>();

/**
 * The release of the claim `request` holds, if it holds one (and has not kept its answer): called
 * by ProblemDetailsFilter before it answers a failure, so a retry after that answer runs again.
 */
export function releaseClaimOf(request: Request): Promise<void> | undefined {
  const kept = claimed.get(request);
  claimed.delete(request);
  return kept?.release();
}

/**
 * `Idempotency-Key` on a command: the first execution's answer is stored and returned to every
 * retry of the same request by the same caller, and nothing more is appended. A failed command is
 * forgotten, so its retry runs again. Claimed before the handler (CommandRouteGuard), kept as the
 * answer goes out, released by the exception filter on a failure.
 */
@Injectable()
export class IdempotentAnswers {
  constructor(private readonly store: IdempotencyStore) {}

  /**
   * Claims `key` for this request (method, URL and body, by the signed-in caller). Throws
   * ReplayedAnswer when the first request has answered, 409 IDEMPOTENCY_KEY_IN_PROGRESS while it
   * runs, 422 IDEMPOTENCY_KEY_REUSED for another request under the same key.
   */
  async claim(request: Request, key: string, returnedOnce: readonly string[]): Promise<KeptAnswer> {
    const { actorId } = readRequestContext(request);
    const claim = await this.store.claim(actorId, key, { method: request.method, url: request.originalUrl, body: request.body });
    switch (claim.outcome) {
      case 'replay':
        throw new ReplayedAnswer(claim.response);
      case 'in_progress':
        throw new ConflictException({
          code: 'IDEMPOTENCY_KEY_IN_PROGRESS',
          message: 'A request with this Idempotency-Key is still being processed; retry shortly',
        });
      case 'key_reused':
        throw new UnprocessableEntityException({
          code: 'IDEMPOTENCY_KEY_REUSED',
          message: 'This Idempotency-Key was used for a different request',
        });
    }
    const { held } = claim;
    const kept: KeptAnswer = {
      keep: async (response, body) => {
        claimed.delete(request);
        const headers = Object.fromEntries(
          REPLAYED_HEADERS.flatMap((h) => (response.hasHeader(h) ? [[h, String(response.getHeader(h))]] : [])),
        );
        const stored =
          returnedOnce.length > 0 && body && typeof body === 'object'
            ? { ...body, ...Object.fromEntries(returnedOnce.map((f) => [f, null])) }
            : body;
        await this.store.complete(actorId, key, { statusCode: response.statusCode, body: stored, headers });
      },
      release: () => this.store.release(held),
    };
    claimed.set(request, kept);
    return kept;
  }
}

/** Sends a stored answer again, as its first request got it. */
export function replay(response: Response, { answer }: ReplayedAnswer): void {
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  response.setHeader('Idempotent-Replayed', 'true');
  response.status(answer.statusCode);
  if (answer.body === null || answer.body === undefined) response.send();
  else response.json(answer.body);
}
