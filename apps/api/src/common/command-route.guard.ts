import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { IdempotentAnswers, idempotencyKeyOf, RETURNED_ONCE, type KeptAnswer } from './idempotency/idempotent-answers';
import { parseIfMatch } from './if-match';
import { answerProblem } from './problem-details.filter';

/**
 * What every command route (CommandRoutes) adds around its handler:
 * - the stream version of its answer as ETag `"<version>"`, ready for the next If-Match (a command
 *   sent with If-Match on a stream that moved on is 412 VERSION_MISMATCH: ProblemDetailsFilter);
 * - with an Idempotency-Key, the key claimed before the handler runs and the answer kept for
 *   retries as it goes out (IdempotentAnswers); a retry of an answered request gets that answer.
 *
 * A guard that hooks the answer, not interceptors: Nest runs a route with any interceptor through
 * RxJS and async resources, which cost a filing about a fifth of the API's CPU (bench/JOURNAL.md,
 * 6 December). Registered on the controller, it runs after the global guards (signed in, rate
 * limit, roles, declared query): nothing is claimed for a request they refuse.
 */
@Injectable()
export class CommandRouteGuard implements CanActivate {
  constructor(
    private readonly answers: IdempotentAnswers,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const key = idempotencyKeyOf(request);
    let kept: KeptAnswer | null = null;
    if (key !== undefined) {
      // A retry's headers are checked as the first request's were: a malformed If-Match is a 400
      // even when the stored answer would be replayed (the route's own parsing comes later).
      parseIfMatch(request.header('if-match'));
      kept = await this.answers.claim(request, key, this.reflector.get<string[] | undefined>(RETURNED_ONCE, context.getHandler()) ?? []);
    }
    onAnswer(request, response, kept);
    return true;
  }
}

/**
 * The route's answer, as Nest sends it (`response.json`), with its version as ETag and, when the
 * request claimed its key, kept before it goes out: a retry that arrives once the client has the
 * answer finds it. A failure is not kept here (the exception filter releases the claim). Every
 * command route answers a JSON object (CommandRoutes); an answer sent another way would leave its
 * claim pending until the lease ends (IdempotencyStore, 30 s), retries told it is in progress.
 */
function onAnswer(request: Request, response: Response, kept: KeptAnswer | null): void {
  const json = response.json;
  response.json = function answered(this: Response, body?: unknown): Response {
    response.json = json;
    if (response.statusCode >= 400) return json.call(response, body);
    const version = (body as { version?: unknown } | null | undefined)?.version;
    if (typeof version === 'number') response.setHeader('ETag', `"${version}"`);
    if (!kept) return json.call(response, body);
    kept.keep(response, body).then(
      () => json.call(response, body),
      async (error: unknown) => {
        await kept.release().catch(() => undefined);
        answerProblem(error, request, response);
      },
    );
    return response;
  };
}
