import { applyDecorators, Controller, Get, HttpCode, Post, Put, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
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
 * The list route of a paged read model (PageRequestDto: limit, cursor, after): GET on the
 * controller's path, its summary followed by how to page.
 */
export const PageRoute = (summary: string) =>
  applyDecorators(Get(), ApiOperation({ summary: `${summary} (keyset: pass nextCursor as cursor)` }));

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

/**
 * One command on an existing stream, in a CommandRoutes controller: POST `path`, 200 (nothing is
 * created; the answer is the stream's new version), for `roles` only.
 */
export const CommandRoute = (path: string, ...roles: Role[]) => applyDecorators(Post(path), HttpCode(200), AllowedRoles(...roles));

/**
 * A controller of publications (the calendar, the time limits, appraisal schemes): the admin tag
 * and the roles guard; any role reads what is in force, only the admin publishes (PublicationRoute).
 * No idempotency or If-Match: a publication replaces what it publishes whole, and the same one again
 * appends nothing.
 */
export const PublicationRoutes = (path: string) =>
  applyDecorators(
    ApiTags('admin'),
    // Listed X-Role first, as the document has always shown them.
    ApiHeader({ name: 'X-Role', required: true, description: 'admin to publish; any role reads' }),
    ApiHeader({ name: 'X-Actor', required: true }),
    Controller(path),
    UseGuards(RolesGuard),
  );

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
