import { BadRequestException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import { summarise } from './validation';

/**
 * The query parameters a route reads: the names of its `@Query('name')` parameters, or `'dto'` when
 * it takes the whole query as a DTO, which the ValidationPipe checks field by field (an unknown one
 * is "should not exist" there already).
 */
export type DeclaredQuery = ReadonlySet<string> | 'dto';

/**
 * What the handler `method` of `controller` declares of the query, from the metadata its
 * parameter decorators leave (Nest keeps `@Query()` as `"<RouteParamtypes.QUERY>:<index>"`).
 */
export function declaredQueryOf(controller: object, method: string | symbol): DeclaredQuery {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, { data?: unknown }>;
  const names = new Set<string>();
  for (const [key, { data }] of Object.entries(args)) {
    if (key.split(':', 1)[0] !== String(RouteParamtypes.QUERY)) continue;
    if (typeof data !== 'string') return 'dto';
    names.add(data);
  }
  return names;
}

/** The names in `query` the route does not declare, in the order sent. */
export function undeclaredParameters(query: Record<string, unknown>, declared: DeclaredQuery): string[] {
  return declared === 'dto' ? [] : Object.keys(query).filter((name) => !declared.has(name));
}

/**
 * Every route refuses a query parameter it does not read, as the list routes' DTOs do: a typo
 * (`?asof=` for `?asOf=`) or a made-up switch (`?dryRun=true` on a command) must not be silently
 * dropped, the caller believing it was heeded. A global guard, so it knows the handler; registered
 * after the authentication, rate-limit and roles guards (a caller not signed in is still told 401
 * first, as on the list routes), it runs before a command route's own guard (its Idempotency-Key
 * claimed: CommandRouteGuard) and the handler: nothing has run. A guard and not an interceptor:
 * Nest answers a route without interceptors (every route here) without going through RxJS.
 */
@Injectable()
export class DeclaredQueryGuard implements CanActivate {
  /** Per handler: what it declares never changes after start-up. */
  private readonly declared = new WeakMap<object, DeclaredQuery>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const handler = context.getHandler();
    let declared = this.declared.get(handler);
    if (declared === undefined) {
      declared = declaredQueryOf(context.getClass(), handler.name);
      this.declared.set(handler, declared);
    }
    const query = context.switchToHttp().getRequest<Request>().query ?? {};
    const unknown = undeclaredParameters(query as Record<string, unknown>, declared);
    if (unknown.length > 0) {
      throw new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: 'The request has invalid fields',
        ...summarise(unknown.map((name) => ({ field: name, message: `${name} should not exist` }))),
      });
    }
    return true;
  }
}
