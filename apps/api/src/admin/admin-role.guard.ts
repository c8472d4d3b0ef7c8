import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * Only the admin role publishes the calendar and the time limits: `X-Role: admin`, else 403
 * FORBIDDEN_ROLE. A stop-gap until the shared roles guard covers these routes.
 */
@Injectable()
export class AdminRoleGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const role = context.switchToHttp().getRequest<Request>().header('x-role')?.trim();
    if (role === 'admin') return true;
    throw new ForbiddenException({
      code: 'FORBIDDEN_ROLE',
      message: role ? `The ${role} role may not change the configuration; only admin may` : 'X-Role: admin is required',
    });
  }
}
