import { applyDecorators, Controller, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { ROLES, type Role } from './request-context';
import { AllowedRoles, RolesGuard } from './roles.guard';
import { VersionEtagInterceptor } from './version-etag.interceptor';

/** The caller headers every route documents (until sign-in replaces them). */
const CallerHeaders = () =>
  applyDecorators(
    ApiHeader({ name: 'X-Actor', required: true }),
    ApiHeader({ name: 'X-Role', required: true, enum: [...ROLES] }),
    ApiHeader({ name: 'X-Unit', required: false, description: 'Required for the unit role' }),
  );

/**
 * A controller of queries: its path and OpenAPI tag, the caller headers and the roles guard. `roles`
 * (optional) are the roles allowed on every route of the controller; a route may narrow them.
 */
export const ReadRoutes = (path: string, tag: string, ...roles: Role[]) =>
  applyDecorators(
    ApiTags(tag),
    CallerHeaders(),
    Controller(path),
    UseGuards(RolesGuard),
    ...(roles.length > 0 ? [AllowedRoles(...roles)] : []),
  );

/**
 * A controller of commands: its path and OpenAPI tag, the caller headers, the roles guard,
 * Idempotency-Key, If-Match, and the stream version as ETag.
 */
export const CommandRoutes = (path: string, tag: string) =>
  applyDecorators(
    ApiTags(tag),
    CallerHeaders(),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: '"<version>": act only if the stream is still at that version (else 412)',
    }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first response' }),
    Controller(path),
    UseGuards(RolesGuard),
    // Outermost first: the idempotency record stores the ETag the inner interceptor has set.
    UseInterceptors(IdempotencyInterceptor, VersionEtagInterceptor),
  );
