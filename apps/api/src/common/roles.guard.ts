import { ForbiddenException, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { authenticatedCaller, type Role } from './request-context';

const ROLES_KEY = 'allowedRoles';
export const PUBLIC_KEY = 'publicRoute';

/**
 * The roles allowed to call a route (docs/glossary.md#roles); others get 403 FORBIDDEN_ROLE. On a
 * controller it applies to every route of it; on a route it replaces the controller's.
 */
export const AllowedRoles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * A route anyone may call without signing in (liveness, a complainant's query-code lookup). Every
 * other route needs a signed-in caller whose role it allows.
 */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Who may call a route, as declared on it (or its controller): the one place the guards and the route table read. */
export interface RouteAccess {
  public: boolean;
  /** null: the route declares no roles, so nobody may call it (deny by default). */
  roles: Role[] | null;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- a route handler or controller class, as Nest hands them over
export function routeAccess(handler: Function, controller: Function): RouteAccess {
  const declared = (key: string) => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
  return { public: declared(PUBLIC_KEY) === true, roles: (declared(ROLES_KEY) as Role[] | undefined) ?? null };
}

/**
 * The second global guard, after AuthenticationGuard: a signed-in caller may call a route only if
 * the route names the caller's role. A route that names no roles and is not @Public() is closed to
 * everyone: forgetting the declaration denies rather than opens (test/e2e/route-roles.e2e-spec.ts
 * also fails on such a route).
 */
@Injectable()
export class RolesGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const access = routeAccess(context.getHandler(), context.getClass());
    if (access.public) return true;
    if (!access.roles) throw new ForbiddenException({ code: 'FORBIDDEN_ROLE', message: 'No role may call this route: it declares none' });
    const caller = authenticatedCaller(context.switchToHttp().getRequest<Request>());
    if (caller && access.roles.includes(caller.role)) return true;
    throw new ForbiddenException({
      code: 'FORBIDDEN_ROLE',
      message: `The ${caller?.role ?? 'anonymous'} role may not do this; allowed: ${access.roles.join(', ')}`,
    });
  }
}
