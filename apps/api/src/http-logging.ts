import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Level, Logger } from 'pino';

/** A client's own X-Request-Id is kept when it looks like an id; anything else is replaced. */
const CLIENT_REQUEST_ID = /^[\w-]{1,100}$/;

/** The request id (X-Request-Id) requestLogging gave the request, for a log line written while it runs. */
export function requestIdOf(request: Request): string | undefined {
  return (request as Request & { id?: string }).id;
}

/**
 * The access log: every request gets an id (the client's X-Request-Id, or a new uuid) sent back in
 * X-Request-Id, and once answered one JSON line with id, method, path (never the query, which may
 * name a person), status and time in ms — nothing of headers or body. 5xx at error, 4xx at warn,
 * the rest at info; a request whose client went away before its answer at warn; /health not at all.
 *
 * Written for the cost: the line is built only when its level is enabled, and nothing is kept per
 * request but the start time. pino-http's middleware, which this replaces, made a child logger per
 * request, its bindings serialised and redacted whatever the level: 150–200 µs of CPU a request, a
 * third of a cheap route's (BENCHMARKS.md). (nestjs-pino's AsyncLocalStorage around each request,
 * gone with it, cost nothing measurable.)
 */
export function requestLogging(logger: Logger): (request: Request, response: Response, next: NextFunction) => void {
  return (request, response, next) => {
    const given = request.headers['x-request-id'];
    const id = typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
    (request as Request & { id?: string }).id = id;
    response.setHeader('X-Request-Id', id);
    if (request.url === '/health') return next();
    const started = performance.now();
    const done = (): void => {
      response.off('finish', done);
      response.off('close', done);
      const status = response.statusCode;
      const aborted = !response.writableFinished;
      const level: Level = status >= 500 ? 'error' : status >= 400 || aborted ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          req: { id, method: request.method, path: request.originalUrl.split('?')[0] },
          res: { status },
          responseTime: Math.round(performance.now() - started),
        },
        aborted ? 'request aborted' : status >= 500 ? 'request errored' : 'request completed',
      );
    };
    response.on('finish', done);
    response.on('close', done);
    next();
  };
}
