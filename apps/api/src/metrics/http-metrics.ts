import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics-registry';

/** The route label of a request no route matched (404, or refused before routing): never its path, which anyone may vary. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * How long the API takes to answer, by method, route template (`/api/v1/cases/:id`, never the path
 * itself, which would make a series per case) and status: `http_request_duration_seconds`, from
 * the request's arrival to the last byte of the answer handed to the socket.
 */
@Injectable()
export class HttpMetrics {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(metrics: MetricsRegistry) {
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an API request, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [metrics.registry],
    });
  }

  /** Express middleware, installed first (http-app.ts) so requests the guards in front of the routes refuse are measured too. */
  readonly middleware = (request: Request, response: Response, next: NextFunction): void => {
    const end = this.duration.startTimer();
    response.once('finish', () => end({ method: request.method, route: routeOf(request), status: String(response.statusCode) }));
    next();
  };
}

/**
 * Express sets `route` on the request as each route matches; Nest registers every route on the
 * application itself. A request that reached no route of ours has none, or a wildcard one
 * (`/{*path}`) should a module mount middleware for every path: no route of the API has a wildcard.
 */
function routeOf(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && !path.includes('*') ? request.baseUrl + path : UNMATCHED_ROUTE;
}
