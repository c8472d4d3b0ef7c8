import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { routeAccess, type RouteAccess } from '../../apps/api/src/common/roles.guard';

/** One route of the API as its controller declares it, with who may call it. */
export interface DeclaredRoute {
  method: string;
  /** Express-style, e.g. `/api/v1/cases/:id/accept`. */
  path: string;
  controller: string;
  handler: string;
  access: RouteAccess;
}

/**
 * Every route of `app`, read from Nest's metadata (each controller of each module, each method
 * with a route decorator), with its declared access (routeAccess: the same reading the guards do).
 * A route cannot be added without showing up here.
 */
export function declaredRoutes(app: INestApplication): DeclaredRoute[] {
  const controllers = new Set<new (...args: never[]) => unknown>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) if (wrapper.metatype) controllers.add(wrapper.metatype as new () => unknown);
  }
  const routes: DeclaredRoute[] = [];
  for (const controller of controllers) {
    const prefixes = asList(Reflect.getMetadata(PATH_METADATA, controller));
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      for (const prefix of prefixes) {
        for (const suffix of asList(Reflect.getMetadata(PATH_METADATA, handler))) {
          const path =
            '/' +
            [prefix, suffix]
              .map((p) => p.replace(/^\/+|\/+$/g, ''))
              .filter(Boolean)
              .join('/');
          routes.push({ method, path, controller: controller.name, handler: name, access: routeAccess(handler, controller) });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/**
 * The routes Express serves (every layer of its router with a route), as `METHOD /path`, but for
 * the middleware Nest mounts on every path of every method (`/{*path}`: the request logger).
 */
export function servedRoutes(app: INestApplication): string[] {
  const router = (app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: object } }> } }).router;
  return router.stack
    .filter((layer) => layer.route && layer.route.path !== '/{*path}')
    .flatMap((layer) => Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`))
    .sort();
}

function asList(value: unknown): string[] {
  return Array.isArray(value) ? (value as string[]) : [typeof value === 'string' ? value : ''];
}

/**
 * The routes that need no sign-in, in the route table's (sorted) order: liveness, the checkpoints' public key
 * (for auditors outside the system), a complainant's query-code lookup, and the console's sign-in (how to
 * sign in; in development, a demo user's token). A new one must be added here on purpose.
 */
export const PUBLIC_ROUTES = [
  'GET /api/v1/audit/checkpoint-key',
  'POST /api/v1/case-status',
  'GET /api/v1/sign-in',
  'POST /api/v1/sign-in/dev-token',
  'GET /health',
];
