import { applyDecorators, Controller, Get, HttpCode, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BEARER_SCHEME } from '../openapi';
import { Answers, commandAnswer, defineSchema, Problems, S, type ProblemCodes, type Schema } from './api-contract';
import { CommandRouteGuard } from './command-route.guard';
import { PublicationRouteGuard } from './publication-revision';
import { ROLES, type Role } from './request-context';
import { AllowedRoles } from './roles.guard';

/**
 * What every signed-in route documents: the bearer token (Swagger UI's Authorize button) and the
 * optional correlation id; api-contract.ts adds the 401 and 403 problems of every route that names
 * the token. The guards themselves are global (AuthenticationGuard, RolesGuard, registered in api.module.ts).
 */
export const SignedInRoutes = () =>
  applyDecorators(
    ApiBearerAuth(BEARER_SCHEME),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'Ties requests together in the event metadata' }),
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
    // After the global guards: the version as ETag, the Idempotency-Key claimed and its answer kept.
    UseGuards(CommandRouteGuard),
  );

/** What a command on one stream answers (CaseCommandResult, UnitCommandResult, CampaignCommandResult, FindingCommandResult). */
export const COMMAND_RESULT = defineSchema(
  'CommandResult',
  S.object({
    id: S.string({ description: 'The case, unit, campaign or finding acted on' }),
    version: S.integer({ minimum: 1, description: 'The stream’s version after the command (also the ETag)' }),
    position: S.nullable(S.position()),
  }),
);

/**
 * One command on an existing stream, in a CommandRoutes controller: POST `path`, 200 (nothing is
 * created; the answer is the stream's new version, `result`: by default a case's or a unit's), for
 * `roles` only. Its domain errors: 404 CASE_NOT_FOUND and 422 `rules` when given.
 */
export const CommandRoute = (path: string, ...roles: Role[]) => CommandRouteOf(path, roles, COMMAND_RESULT);

/** The CommandRoute of one aggregate: each of its routes also answers the aggregate's problems (aggregateProblems). */
export const CommandRouteWith =
  (problems: ProblemCodes) =>
  (path: string, ...roles: Role[]) =>
    applyDecorators(CommandRoute(path, ...roles), Problems(problems));

export const CommandRouteOf = (path: string, roles: readonly Role[], result: Schema) =>
  applyDecorators(Post(path), HttpCode(200), AllowedRoles(...roles), Answers(commandAnswer(200, result)));

/**
 * A controller of publications (the calendar, the time limits, appraisal schemes, the ledger
 * configuration): the admin tag, signed in; every role reads what is in force, only the admin
 * publishes (PublicationRoute). Every answer carries the publication's revision as ETag, for the
 * PUT's If-Match (publication-revision.ts). No Idempotency-Key: a publication replaces what it
 * publishes whole, and the same one again appends nothing.
 */
export const PublicationRoutes = (path: string) =>
  applyDecorators(ApiTags('admin'), SignedInRoutes(), Controller(path), AllowedRoles(...ROLES), UseGuards(PublicationRouteGuard));

/** How a publication route is documented: what it does, its answer, the codes of the rules it checks. */
export interface PublicationDocs {
  summary: string;
  inForce: Schema;
  rulesBroken: readonly string[];
}

/**
 * An admin's publication: PUT `path` (it replaces what is in force), the admin role only. Every
 * publication answers 200 with the publication in force and its revision as ETag, or 422 naming the
 * rule broken; with If-Match, 412 when another publication is in force now; a concurrent
 * publication is 409. The If-Match header is the route's, not the controller's: its read takes none.
 */
export const PublicationRoute = (path: string, { summary, inForce, rulesBroken }: PublicationDocs) =>
  applyDecorators(
    Put(path),
    HttpCode(200),
    AllowedRoles('admin'),
    ApiOperation({ summary }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        '"<revision>" (the ETag of the publication read; "0": none published yet): publish only if it is still the one in force (else 412)',
    }),
    Answers({ status: 200, description: 'The publication now in force', schema: inForce, headers: ['ETag'] }),
    Problems({ 409: ['CONCURRENT_MODIFICATION', 'EVENT_ID_CONFLICT'], 422: rulesBroken }),
  );
