import { applyDecorators, Controller, Get, HttpCode, Post, Put, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BEARER_SCHEME } from '../openapi';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { ROLES, type Role } from './request-context';
import { AllowedRoles } from './roles.guard';
import { VersionEtagInterceptor } from './version-etag.interceptor';

/**
 * What every signed-in route documents: the bearer token (Swagger UI's Authorize button), the
 * optional correlation id, and the 401 and 403 answers. The guards themselves are global
 * (AuthenticationGuard, RolesGuard, registered in api.module.ts).
 */
export const SignedInRoutes = () =>
  applyDecorators(
    ApiBearerAuth(BEARER_SCHEME),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'Ties requests together in the event metadata' }),
    ApiResponse({ status: 401, description: 'UNAUTHENTICATED, TOKEN_EXPIRED, TOKEN_INVALID or TOKEN_CLAIMS_INVALID' }),
    ApiResponse({ status: 403, description: 'FORBIDDEN_ROLE: the route does not allow the caller’s role' }),
  );

/**
 * A controller of queries: its path and OpenAPI tag, signed in. `roles` (optional) are the roles
 * allowed on every route of the controller; a route may narrow them with @AllowedRoles.
 */
export const ReadRoutes = (path: string, tag: string, ...roles: Role[]) =>
  applyDecorators(ApiTags(tag), SignedInRoutes(), Controller(path), ...(roles.length > 0 ? [AllowedRoles(...roles)] : []));

/**
 * The list route of a paged read model (PageRequestDto: limit, cursor, after): GET on the
 * controller's path, its summary followed by how to page.
 */
export const PageRoute = (summary: string) =>
  applyDecorators(Get(), ApiOperation({ summary: `${summary} (keyset: pass nextCursor as cursor)` }));

/**
 * A controller of commands: its path and OpenAPI tag, signed in, Idempotency-Key, If-Match, and the
 * stream version as ETag. Each route names its roles (CommandRoute, or @AllowedRoles).
 */
export const CommandRoutes = (path: string, tag: string) =>
  applyDecorators(
    ApiTags(tag),
    SignedInRoutes(),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: '"<version>": act only if the stream is still at that version (else 412)',
    }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first response' }),
    Controller(path),
    // Outermost first: the idempotency record stores the ETag the inner interceptor has set.
    UseInterceptors(IdempotencyInterceptor, VersionEtagInterceptor),
  );

/**
 * One command on an existing stream, in a CommandRoutes controller: POST `path`, 200 (nothing is
 * created; the answer is the stream's new version), for `roles` only.
 */
export const CommandRoute = (path: string, ...roles: Role[]) => applyDecorators(Post(path), HttpCode(200), AllowedRoles(...roles));

/**
 * A controller of publications (the calendar, the time limits, appraisal schemes): the admin tag,
 * signed in; every role reads what is in force, only the admin publishes (PublicationRoute).
 * No idempotency or If-Match: a publication replaces what it publishes whole, and the same one again
 * appends nothing.
 */
export const PublicationRoutes = (path: string) =>
  applyDecorators(ApiTags('admin'), SignedInRoutes(), Controller(path), AllowedRoles(...ROLES));

/** How a publication route is documented: what it does, the fields of the answer, the codes of the rules it checks. */
export interface PublicationDocs {
  summary: string;
  inForce: string;
  rulesBroken: string;
}

/**
 * An admin's publication: PUT `path` (it replaces what is in force), the admin role only. Every
 * publication answers 200 with the publication in force, or 422 naming the rule broken.
 */
export const PublicationRoute = (path: string, { summary, inForce, rulesBroken }: PublicationDocs) =>
  applyDecorators(
    Put(path),
    HttpCode(200),
    AllowedRoles('admin'),
    ApiOperation({ summary }),
    ApiResponse({ status: 200, description: `In force: ${inForce}` }),
    ApiResponse({ status: 422, description: `A rule broken: ${rulesBroken}, …` }),
  );
