import {
  BadRequestException,
  ConflictException,
  Injectable,
  SetMetadata,
  UnprocessableEntityException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, of, type Observable } from 'rxjs';
import { readRequestContext } from '../request-context';
import { IdempotencyStore } from './idempotency.store';
import { parseIfMatch } from '../if-match';

const KEY = /^[\x21-\x7e]{1,200}$/;
/** Response headers a replay repeats. */
const REPLAYED_HEADERS = ['location', 'etag'];

const RETURNED_ONCE = 'idempotencyReturnedOnce';

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
 * `Idempotency-Key` on a command: the first execution's response is stored and returned to every
 * retry of the same request by the same caller, and nothing more is appended. A failed command is
 * forgotten, so its retry runs again.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = idempotencyKeyOf(request);
    if (key === undefined) return next.handle();
    // A retry's headers are checked as the first request's were: a malformed If-Match is a 400 even
    // when the stored answer would be replayed (the route's own parsing comes after this interceptor).
    parseIfMatch(request.header('if-match'));
    const { actorId } = readRequestContext(request);
    const fingerprinted = { method: request.method, url: request.originalUrl, body: request.body };
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200);

    return from(this.store.claim(actorId, key, fingerprinted)).pipe(
      mergeMap((claim) => {
        switch (claim.outcome) {
          case 'replay':
            for (const [name, value] of Object.entries(claim.response.headers)) response.setHeader(name, value);
            response.setHeader('Idempotent-Replayed', 'true');
            response.status(claim.response.statusCode);
            return of(claim.response.body);
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
          case 'claimed':
            return next.handle().pipe(
              mergeMap(async (body) => {
                const headers = Object.fromEntries(
                  REPLAYED_HEADERS.flatMap((h) => (response.hasHeader(h) ? [[h, String(response.getHeader(h))]] : [])),
                );
                const once = this.reflector.get<string[] | undefined>(RETURNED_ONCE, context.getHandler()) ?? [];
                const stored =
                  once.length > 0 && body && typeof body === 'object'
                    ? { ...body, ...Object.fromEntries(once.map((f) => [f, null])) }
                    : body;
                await this.store.complete(actorId, key, { statusCode: status, body: stored, headers });
                return body;
              }),
              catchError(async (error: unknown) => {
                await this.store.release(claim.held);
                throw error;
              }),
            );
        }
      }),
    );
  }
}
