import { ForbiddenException, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { readRequestContext, type Role } from './request-context';

const ROLES_KEY = 'allowedRoles';
export const PUBLIC_KEY = 'publicRoute';

/** The roles allowed to call a route (docs/glossary.md#roles); others get 403 FORBIDDEN_ROLE. */
export const AllowedRoles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * A route anyone may call without signing in (liveness, a complainant's query-code lookup). Every
 * other route needs a signed-in caller whose role it allows.
 */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (!roles) return true;
    const caller = readRequestContext(context.switchToHttp().getRequest<Request>());
    if (roles.includes(caller.role)) return true;
    throw new ForbiddenException({
      code: 'FORBIDDEN_ROLE',
      message: `The ${caller.role} role may not do this; allowed: ${roles.join(', ')}`,
    });
  }
}
