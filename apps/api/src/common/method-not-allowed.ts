import { NotFoundException } from '@nestjs/common';
import type { Application, NextFunction, Request, Response } from 'express';

/**
 * A request whose path is a route of the API but not with its method (`DELETE /api/v1/cases`, `GET`
 * of a command) is answered 405 with the route's methods in `Allow` (RFC 9110 §15.5.6), rather than
 * 404, which would tell the client the path does not exist.
 */

/** A route as express holds it: a path of literal segments and `:param` ones, and its methods. */
interface RouteShape {
  segments: readonly string[];
  methods: readonly string[];
}

/** The API's paths: `/api` and everything under it. */
const API_PATH = /^\/api(\/|$)/;

/**
 * Whether HEAD is a method of `path`'s GET route: not under /api, where it is no method of any
 * route. Express runs a GET route's handler for HEAD and only drops the body, so a HEAD of a read
 * that records itself (`GET /api/v1/cases/{id}/complainant` records ComplainantIdentityRead, the
 * ledger's raiser its read) would record a disclosure of what it never sent, and a HEAD of an
 * export would build it whole for nothing. No client of the API needs HEAD (no answer is cached,
 * a GET gives the same headers), so rather than each such route remembering to refuse it, none
 * takes it: 405 with the route's methods in `Allow`, as any other method a path does not take.
 * `/health`, `/metrics` and the console's pages keep it (a probe may send it; they record nothing).
 */
export function takesHead(path: string): boolean {
  return !API_PATH.test(path);
}

/**
 * Express middleware, before the routes: a HEAD of an API path goes no further, answered as express
 * answers a method no route of the path takes (Nest's "Cannot HEAD <path>", below: 405 with `Allow`
 * where the path is a route's, 404 where it is none).
 */
export function headOutsideApi(request: Request, _response: Response, next: NextFunction): void {
  if (request.method === 'HEAD' && !takesHead(request.path)) return next(new NotFoundException(`Cannot HEAD ${request.path}`));
  next();
}

/** The routes of each express application, read once from its router (every route is registered before the first request). */
const routesOf = new WeakMap<Application, RouteShape[]>();

/** Nest's answer to a request no route took: NotFoundException("Cannot <METHOD> <path>"). */
export function isRouteNotFound(exception: unknown): boolean {
  return exception instanceof NotFoundException && /^Cannot [A-Z]+ /.test(exception.message);
}

/**
 * The methods the routes of the request's path take, HEAD with GET where a GET route takes it
 * (takesHead: express answers HEAD by a GET route), in a stable order; none: the path is no route's.
 */
export function allowedMethods(request: Request): string[] {
  const app = request.app as Application | undefined;
  if (!app) return [];
  let routes = routesOf.get(app);
  if (!routes) routesOf.set(app, (routes = readRoutes(app)));
  const segments = pathSegments(request.path);
  const methods = new Set<string>();
  for (const route of routes) if (matches(route.segments, segments)) for (const method of route.methods) methods.add(method);
  if (methods.has('GET') && takesHead(request.path)) methods.add('HEAD');
  // Express took no route for this method here, so a path that lists it is not the route's path as
  // express reads it: no route's (404), never a 405 whose Allow names the method it refuses.
  if (methods.has(request.method)) return [];
  return [...methods].sort();
}

function readRoutes(app: Application): RouteShape[] {
  const stack = (app as unknown as { router?: { stack?: unknown[] } }).router?.stack ?? [];
  const routes: RouteShape[] = [];
  for (const layer of stack as Array<{ route?: { path?: unknown; methods?: Record<string, boolean> } }>) {
    const route = layer.route;
    // Only plain string paths: the API's routes are all of literal and `:param` segments.
    if (!route || typeof route.path !== 'string' || !route.methods) continue;
    const methods = Object.keys(route.methods)
      .filter((m) => route.methods![m] && m !== '_all')
      .map((m) => m.toUpperCase());
    routes.push({ segments: pathSegments(route.path), methods });
  }
  return routes;
}

/**
 * The segments between slashes, as express matches them: a trailing slash is optional (its routing
 * is not strict), but an empty segment anywhere else (`/api/v1//cases`) is one no route has.
 */
function pathSegments(path: string): string[] {
  const segments = path.split('/').slice(1);
  if (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
  return segments;
}

function matches(route: readonly string[], path: readonly string[]): boolean {
  if (route.length !== path.length) return false;
  return route.every((segment, i) => (segment.startsWith(':') ? path[i] !== '' : segment === path[i]));
}
